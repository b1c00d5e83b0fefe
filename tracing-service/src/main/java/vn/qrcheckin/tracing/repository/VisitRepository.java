package vn.qrcheckin.tracing.repository;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import vn.qrcheckin.contracts.Days;
import vn.qrcheckin.tracing.domain.Visit;

/** SQL of the visits table: set-based writes (one statement per batch), and the presence queries tracing asks. */
@ApplicationScoped
public class VisitRepository {

    /** One check-in (IN) to store. */
    public record NewVisit(LocalDate day, String checkinId, long venueId, String personRef, String phoneRef, String idType, String numberEnc,
            String nameEnc, String phoneEnc, String communeCode, String districtCode, String provinceCode, String channel, Instant arrivedAt,
            Instant endsAt, boolean venueSuspended, Instant receivedAt) {
    }

    /** One check-out (OUT) to apply. */
    public record CheckOut(String checkinId, long venueId, String personRef, Instant at) {
    }

    /** A stretch of presence at a venue to look for others around. */
    public record Window(long venueId, Instant from, Instant to) {
    }

    /** A visit found around a window: which window (its index) and the visit. */
    public record Around(int window, Visit visit) {
    }

    private static final String COLUMNS = "checkin_id, venue_id, person_ref, phone_ref, id_type, number_enc, name_enc, phone_enc, "
            + "arrived_at, left_at, ends_at";

    private final Pool pool;

    public VisitRepository(Pool pool) {
        this.pool = pool;
    }

    public Pool pool() {
        return pool;
    }

    /** A stored visit's key. */
    public record Key(LocalDate day, String checkinId) {
    }

    /** Inserts the visits not stored yet (one statement); answers the keys of those that were new. */
    public Uni<List<Key>> insert(SqlConnection conn, List<NewVisit> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        int n = rows.size();
        LocalDate[] day = new LocalDate[n];
        String[] id = new String[n];
        Long[] venue = new Long[n];
        String[] ref = new String[n];
        String[] phoneRef = new String[n];
        String[] idType = new String[n];
        String[] number = new String[n];
        String[] name = new String[n];
        String[] phone = new String[n];
        String[] commune = new String[n];
        String[] district = new String[n];
        String[] province = new String[n];
        String[] channel = new String[n];
        OffsetDateTime[] arrived = new OffsetDateTime[n];
        OffsetDateTime[] ends = new OffsetDateTime[n];
        Boolean[] suspended = new Boolean[n];
        OffsetDateTime[] received = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            NewVisit v = rows.get(i);
            day[i] = v.day();
            id[i] = v.checkinId();
            venue[i] = v.venueId();
            ref[i] = v.personRef();
            phoneRef[i] = v.phoneRef();
            idType[i] = v.idType();
            number[i] = v.numberEnc();
            name[i] = v.nameEnc();
            phone[i] = v.phoneEnc();
            commune[i] = v.communeCode();
            district[i] = v.districtCode();
            province[i] = v.provinceCode();
            channel[i] = v.channel();
            arrived[i] = utc(v.arrivedAt());
            ends[i] = utc(v.endsAt());
            suspended[i] = v.venueSuspended();
            received[i] = utc(v.receivedAt());
        }
        return conn.preparedQuery("INSERT INTO visits (local_day, checkin_id, venue_id, person_ref, phone_ref, id_type, number_enc, name_enc, "
                + "phone_enc, commune_code, district_code, province_code, channel, arrived_at, ends_at, venue_suspended, received_at) "
                + "SELECT * FROM unnest($1::date[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], "
                + "$9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::timestamptz[], $15::timestamptz[], $16::boolean[], "
                + "$17::timestamptz[]) "
                + "ON CONFLICT DO NOTHING RETURNING local_day, checkin_id")
                .execute(Tuple.from(new Object[] { day, id, venue, ref, phoneRef, idType, number, name, phone, commune, district, province,
                        channel, arrived, ends, suspended, received }))
                .map(result -> {
                    List<Key> fresh = new ArrayList<>();
                    for (Row r : result) {
                        fresh.add(new Key(r.getLocalDate(0), r.getString(1)));
                    }
                    return fresh;
                });
    }

    /**
     * Applies check-outs in stream order (V2 migration's {@code apply_checkouts}): each closes the person's latest
     * visit at the venue that started before it (within {@code maxVisit}; a repeat finds the visit it closed), and
     * one that finds none (it came before its check-in) is kept in pending_checkouts. One round trip; inside, key
     * lookups and primary-key updates only.
     */
    public Uni<Void> checkOuts(SqlConnection conn, List<CheckOut> outs, Duration maxVisit) {
        if (outs.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = outs.size();
        String[] id = new String[n];
        Long[] venue = new Long[n];
        String[] ref = new String[n];
        OffsetDateTime[] at = new OffsetDateTime[n];
        LocalDate[] day = new LocalDate[n];
        for (int i = 0; i < n; i++) {
            CheckOut o = outs.get(i);
            id[i] = o.checkinId();
            venue[i] = o.venueId();
            ref[i] = o.personRef();
            at[i] = utc(o.at());
            day[i] = Days.of(o.at());
        }
        return conn.preparedQuery("SELECT apply_checkouts($1, $2, $3, $4, $5, $6::float8 * interval '1 second')")
                .execute(Tuple.from(new Object[] { id, venue, ref, at, day, interval(maxVisit) })).replaceWithVoid();
    }

    /**
     * Applies kept check-outs to the visits of {@code rows} that were just stored ({@code fresh}): each takes the
     * earliest kept check-out of its person at its venue after its arrival (V2 migration's
     * {@code apply_kept_checkouts}); nothing is read while none is kept.
     */
    public Uni<Void> applyKeptCheckOuts(SqlConnection conn, List<NewVisit> rows, List<Key> fresh, Duration maxVisit) {
        if (fresh.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        java.util.Set<Key> stored = new java.util.HashSet<>(fresh);
        List<NewVisit> mine = rows.stream().filter(v -> stored.contains(new Key(v.day(), v.checkinId()))).toList();
        int n = mine.size();
        LocalDate[] day = new LocalDate[n];
        String[] id = new String[n];
        Long[] venue = new Long[n];
        String[] ref = new String[n];
        OffsetDateTime[] arrived = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            NewVisit v = mine.get(i);
            day[i] = v.day();
            id[i] = v.checkinId();
            venue[i] = v.venueId();
            ref[i] = v.personRef();
            arrived[i] = utc(v.arrivedAt());
        }
        return conn.preparedQuery("SELECT apply_kept_checkouts($1, $2, $3, $4, $5, $6::float8 * interval '1 second')")
                .execute(Tuple.from(new Object[] { day, id, venue, ref, arrived, interval(maxVisit) })).replaceWithVoid();
    }

    /** Visits of any of these people (by identity or contact-phone pseudonym) overlapping [from, to). */
    public Uni<List<Visit>> ofPeople(List<String> refs, Instant from, Instant to, Duration maxVisit) {
        String[] keys = refs.toArray(String[]::new);
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM visits WHERE (person_ref = ANY($1) OR phone_ref = ANY($1)) "
                + "AND arrived_at < $3 AND ends_at > $2 AND arrived_at > $2 - ($4::float8 * interval '1 second') AND local_day BETWEEN $5 AND $6 "
                + "ORDER BY arrived_at")
                .execute(Tuple.from(new Object[] { keys, utc(from), utc(to), interval(maxVisit), Days.of(from.minus(maxVisit)), Days.of(to) }))
                .map(VisitRepository::visits);
    }

    /** Visits at a venue overlapping [from, to). */
    public Uni<List<Visit>> atVenue(long venueId, Instant from, Instant to, Duration maxVisit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM visits WHERE venue_id = $1 AND arrived_at < $3 AND ends_at > $2 "
                + "AND arrived_at > $2 - ($4::float8 * interval '1 second') AND local_day BETWEEN $5 AND $6 ORDER BY arrived_at")
                .execute(Tuple.from(new Object[] { venueId, utc(from), utc(to), interval(maxVisit), Days.of(from.minus(maxVisit)), Days.of(to) }))
                .map(VisitRepository::visits);
    }

    /**
     * Every visit overlapping one of the windows widened by {@code buffer}, in one statement (the windows as
     * arrays): the F1 and F2 searches.
     */
    public Uni<List<Around>> around(List<Window> windows, Duration buffer, Duration maxVisit) {
        if (windows.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        int n = windows.size();
        Long[] venues = new Long[n];
        OffsetDateTime[] from = new OffsetDateTime[n];
        OffsetDateTime[] to = new OffsetDateTime[n];
        LocalDate[] firstDay = new LocalDate[n];
        LocalDate[] lastDay = new LocalDate[n];
        Instant first = windows.get(0).from();
        Instant last = windows.get(0).to();
        for (int i = 0; i < n; i++) {
            Window w = windows.get(i);
            venues[i] = w.venueId();
            from[i] = utc(w.from());
            to[i] = utc(w.to());
            firstDay[i] = Days.of(w.from().minus(buffer).minus(maxVisit));
            lastDay[i] = Days.of(w.to().plus(buffer));
            first = first.isBefore(w.from()) ? first : w.from();
            last = last.isAfter(w.to()) ? last : w.to();
        }
        // The whole span's days prune partitions when the statement is planned; each window's own days (a visit's
        // day is its arrival's) prune them again per window as it runs: one or two day partitions probed per window,
        // not every day of the span (an F2 search has thousands of windows over up to 21 days).
        return pool.preparedQuery("SELECT w.ord::int - 1, v.checkin_id, v.venue_id, v.person_ref, v.phone_ref, v.id_type, v.number_enc, "
                + "v.name_enc, v.phone_enc, v.arrived_at, v.left_at, v.ends_at "
                + "FROM unnest($1::bigint[], $2::timestamptz[], $3::timestamptz[], $8::date[], $9::date[]) WITH ORDINALITY AS w(venue_id, s, e, d0, d1, ord) "
                + "JOIN visits v ON v.venue_id = w.venue_id AND v.arrived_at < w.e + ($4::float8 * interval '1 second') AND v.ends_at > w.s - ($4::float8 * interval '1 second') "
                + "AND v.arrived_at > w.s - ($4::float8 * interval '1 second') - ($5::float8 * interval '1 second') AND v.local_day BETWEEN $6 AND $7 "
                + "AND v.local_day >= w.d0 AND v.local_day <= w.d1")
                .execute(Tuple.from(new Object[] { venues, from, to, interval(buffer), interval(maxVisit),
                        Days.of(first.minus(buffer).minus(maxVisit)), Days.of(last.plus(buffer)), firstDay, lastDay }))
                .map(rows -> {
                    List<Around> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Around(r.getInteger(0), visit(r, 1)));
                    }
                    return out;
                });
    }

    private static List<Visit> visits(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        List<Visit> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(visit(r, 0));
        }
        return out;
    }

    private static Visit visit(Row r, int o) {
        OffsetDateTime left = r.getOffsetDateTime(o + 9);
        return new Visit(r.getString(o), r.getLong(o + 1), r.getString(o + 2), r.getString(o + 3), r.getString(o + 4), r.getString(o + 5),
                r.getString(o + 6), r.getString(o + 7), r.getOffsetDateTime(o + 8).toInstant(), left == null ? null : left.toInstant(),
                r.getOffsetDateTime(o + 10).toInstant());
    }

    static OffsetDateTime utc(Instant i) {
        return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    /** A duration as seconds, multiplied by {@code interval '1 second'} in SQL. */
    static Double interval(Duration d) {
        return (double) d.toSeconds();
    }
}
