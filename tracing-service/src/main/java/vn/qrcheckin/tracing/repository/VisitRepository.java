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
     * Applies check-outs in one statement: each closes the person's latest visit at the venue that started before
     * it (within {@code maxVisit}; a repeat finds the visit it closed), and one that finds none (it came before its
     * check-in) is kept in pending_checkouts.
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
        return conn.preparedQuery("WITH outs AS (SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::timestamptz[], $6::date[]) "
                + "AS o(checkin_id, venue_id, person_ref, at, day)), "
                // One index probe per check-out, into the day partition of the check-out and, for a visit that crossed
                // midnight, the day before (max-visit is under a day): a plain join was planned as a hash join over every
                // partition, and a day range kept every partition in the probe; an equal day lets PostgreSQL skip the others.
                + "target AS (SELECT o.checkin_id AS out_id, t.local_day, t.checkin_id, o.at FROM outs o CROSS JOIN LATERAL ("
                + "(SELECT v.local_day, v.checkin_id, v.arrived_at FROM visits v WHERE v.local_day = o.day AND v.person_ref = o.person_ref "
                + "AND v.venue_id = o.venue_id AND v.arrived_at <= o.at AND v.arrived_at > o.at - ($5::float8 * interval '1 second') "
                + "AND (v.left_at IS NULL OR v.left_at = o.at) ORDER BY v.arrived_at DESC LIMIT 1) UNION ALL "
                + "(SELECT v.local_day, v.checkin_id, v.arrived_at FROM visits v WHERE v.local_day = o.day - 1 AND v.person_ref = o.person_ref "
                + "AND v.venue_id = o.venue_id AND v.arrived_at <= o.at AND v.arrived_at > o.at - ($5::float8 * interval '1 second') "
                + "AND (v.left_at IS NULL OR v.left_at = o.at) ORDER BY v.arrived_at DESC LIMIT 1) LIMIT 1) t), "
                // The batch's days as a parameter: the UPDATE's partitions are pruned before it runs (a join alone scanned them all).
                + "closed AS (UPDATE visits v SET left_at = t.at, ends_at = t.at FROM target t "
                + "WHERE v.local_day = t.local_day AND v.checkin_id = t.checkin_id AND v.local_day = ANY($7::date[]) RETURNING t.out_id) "
                + "INSERT INTO pending_checkouts (checkin_id, venue_id, person_ref, at) SELECT o.checkin_id, o.venue_id, o.person_ref, o.at "
                + "FROM outs o WHERE NOT EXISTS (SELECT 1 FROM target t WHERE t.out_id = o.checkin_id) ON CONFLICT DO NOTHING")
                .execute(Tuple.from(new Object[] { id, venue, ref, at, interval(maxVisit), day, daysAround(day) })).replaceWithVoid();
    }

    /**
     * Applies kept check-outs to visits just stored (their earliest check-out after arrival), and forgets them. The
     * visits are found by their key (day and id: the primary key), and nothing runs while none is kept.
     */
    public Uni<Void> applyKeptCheckOuts(SqlConnection conn, List<Key> stored, Duration maxVisit) {
        if (stored.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        LocalDate[] days = new LocalDate[stored.size()];
        String[] ids = new String[stored.size()];
        for (int i = 0; i < stored.size(); i++) {
            days[i] = stored.get(i).day();
            ids[i] = stored.get(i).checkinId();
        }
        return conn.preparedQuery("WITH fresh AS (SELECT * FROM unnest($1::date[], $2::text[]) AS f(local_day, checkin_id) "
                + "WHERE EXISTS (SELECT 1 FROM pending_checkouts)), "
                + "pairs AS (SELECT v.local_day, v.checkin_id, p.checkin_id AS out_id, p.at FROM fresh f CROSS JOIN LATERAL ("
                + "SELECT * FROM visits v WHERE v.local_day = f.local_day AND v.checkin_id = f.checkin_id AND v.left_at IS NULL) v "
                + "CROSS JOIN LATERAL (SELECT p.checkin_id, p.at FROM pending_checkouts p WHERE p.person_ref = v.person_ref "
                + "AND p.venue_id = v.venue_id AND p.at > v.arrived_at AND p.at <= v.arrived_at + ($3::float8 * interval '1 second') "
                + "ORDER BY p.at LIMIT 1) p), "
                + "gone AS (DELETE FROM pending_checkouts WHERE checkin_id IN (SELECT out_id FROM pairs)) "
                + "UPDATE visits v SET left_at = pairs.at, ends_at = pairs.at FROM pairs "
                + "WHERE v.local_day = pairs.local_day AND v.checkin_id = pairs.checkin_id AND v.local_day = ANY($4::date[])")
                .execute(Tuple.of(days, ids, interval(maxVisit), new java.util.TreeSet<>(java.util.Arrays.asList(days)).toArray(LocalDate[]::new))).replaceWithVoid();
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
        Long[] venues = new Long[windows.size()];
        OffsetDateTime[] from = new OffsetDateTime[windows.size()];
        OffsetDateTime[] to = new OffsetDateTime[windows.size()];
        Instant first = windows.get(0).from();
        Instant last = windows.get(0).to();
        for (int i = 0; i < windows.size(); i++) {
            Window w = windows.get(i);
            venues[i] = w.venueId();
            from[i] = utc(w.from());
            to[i] = utc(w.to());
            first = first.isBefore(w.from()) ? first : w.from();
            last = last.isAfter(w.to()) ? last : w.to();
        }
        return pool.preparedQuery("SELECT w.ord::int - 1, v.checkin_id, v.venue_id, v.person_ref, v.phone_ref, v.id_type, v.number_enc, "
                + "v.name_enc, v.phone_enc, v.arrived_at, v.left_at, v.ends_at "
                + "FROM unnest($1::bigint[], $2::timestamptz[], $3::timestamptz[]) WITH ORDINALITY AS w(venue_id, s, e, ord) "
                + "JOIN visits v ON v.venue_id = w.venue_id AND v.arrived_at < w.e + ($4::float8 * interval '1 second') AND v.ends_at > w.s - ($4::float8 * interval '1 second') "
                + "AND v.arrived_at > w.s - ($4::float8 * interval '1 second') - ($5::float8 * interval '1 second') AND v.local_day BETWEEN $6 AND $7")
                .execute(Tuple.from(new Object[] { venues, from, to, interval(buffer), interval(maxVisit),
                        Days.of(first.minus(buffer).minus(maxVisit)), Days.of(last.plus(buffer)) }))
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

    /** The distinct days and the days before them: where the visits that check-outs close can be. */
    private static LocalDate[] daysAround(LocalDate[] days) {
        java.util.Set<LocalDate> out = new java.util.TreeSet<>();
        for (LocalDate d : days) {
            out.add(d);
            out.add(d.minusDays(1));
        }
        return out.toArray(LocalDate[]::new);
    }

    /** A duration as seconds, multiplied by {@code interval '1 second'} in SQL. */
    static Double interval(Duration d) {
        return (double) d.toSeconds();
    }
}
