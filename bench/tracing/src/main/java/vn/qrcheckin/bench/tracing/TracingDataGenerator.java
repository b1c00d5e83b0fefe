package vn.qrcheckin.bench.tracing;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.UUID;

import vn.qrcheckin.contracts.VenueType;
import vn.qrcheckin.contracts.checkin.Channel;
import vn.qrcheckin.contracts.checkin.CheckinEvent;
import vn.qrcheckin.contracts.checkin.Declaration;
import vn.qrcheckin.contracts.checkin.Direction;
import vn.qrcheckin.contracts.identity.FieldCipher;
import vn.qrcheckin.contracts.identity.IdType;
import vn.qrcheckin.contracts.identity.PersonIds;

/**
 * Realistic check-ins for the tracing benchmarks, deterministic from a seed: people with home communes across
 * Ha Noi, venues with skewed popularity (markets and hospitals busy, offices steady with the same staff every
 * working day), rush hours, check-outs for a third of visits.
 *
 * <pre>
 * java -cp ... vn.qrcheckin.bench.tracing.TracingDataGenerator --format=copy|events|venues|report-checkins|report-venues [--visits=20000000]
 *     [--days=14] [--start=YYYY-MM-DD] [--seed=1] [--people=visits/20] [--venues=670000*visits/20M]
 *     [--checkout-share=0.3333] [--admin-units=contracts/src/main/resources/admin-units/vn-admin-units-2021.csv]
 *     [--provinces=01|all|01,79,...] [--registered-span=0] [--new-share=0]
 *     [--out=FILE]   (default: stdout)
 * </pre>
 *
 * copy: text rows for {@code COPY visits (local_day, checkin_id, venue_id, person_ref, phone_ref, id_type,
 * number_enc, name_enc, phone_enc, commune_code, district_code, province_code, channel, arrived_at, left_at,
 * ends_at, venue_suspended) FROM STDIN}. events: CheckinEvent JSON lines (IN for every visit, OUT at left_at for
 * those with a check-out), in occurredAt order. venues: the generated venues (id, type, codes, dwell,
 * popularity), for joining in checks and picking venues in query benchmarks.
 *
 * Keys: PSEUDONYM_KEY / FIELD_KEY (base64) and PSEUDONYM_KEY_ID / FIELD_KEY_ID from the environment, else the
 * development keys of scripts/dev-keys.sh under key id "1". Everything but the ciphertexts is reproducible from
 * the parameters: FieldCipher draws its GCM nonces itself, so ciphertexts differ between runs (same sizes).
 *
 * Memory: per-venue arrays (about 40 bytes a venue) and one day's sort keys (8 bytes a visit); rows are
 * streamed. Each day's visits are drawn twice: once for their arrival times (sorted), once in time order
 * for the row, from a generator seeded by (seed, date, index), so rows come out in arrival order as a
 * consumer would insert them.
 */
public final class TracingDataGenerator {

    static final ZoneId HCM = ZoneId.of("Asia/Ho_Chi_Minh");
    /** Ha Noi's registered venues (2021) and the default run's visits: venues scale with visits by this ratio. */
    static final long HANOI_VENUES = 670_000;
    static final long DEFAULT_VISITS = 20_000_000;
    static final String DEV_PSEUDONYM_KEY = "ZGV2LW9ubHktcHNldWRvbnltLWtleS1jaGFuZ2UtaXQtaW4tcHJvZA==";
    static final String DEV_FIELD_KEY = "ZGV2LW9ubHktZmllbGQta2V5LTMyLWJ5dGVzLWxvbmc=";

    private static final long VENUE_SALT = 0x7E4E_0001L;
    private static final long STAFF_SALT = 0x57AF_F001L;
    private static final long REGISTERED_SALT = 0x4E67_0001L;
    private static final long COMPLIANCE_SALT = 0xC0_4B11L;
    private static final int HOSPITAL = VenueType.HOSPITAL_CLINIC.ordinal();
    /** Visits a day to one venue per resident of its commune (or district), at most: see venueSameCommune. */
    private static final double LOCAL_RATE = 0.2;

    enum Format { COPY, EVENTS, VENUES, REPORT_VENUES, REPORT_CHECKINS }

    // Parameters
    final long seed;
    final long visits;
    final int days;
    final LocalDate start;
    final int people;
    final int venues;
    final double checkoutShare;
    /** Report data: registrations of the venues that exist at the start spread over this many days before it. */
    final int registeredSpan;
    /** Report data: the share of venues registered during the run (no scans before their day). */
    final double newShare;

    final Places places;
    final People peopleGen;
    final PersonIds ids;
    final FieldCipher cipher;

    /** People of commune c are [peopleStart[c], peopleStart[c + 1]). */
    final int[] peopleStart;
    // Venues, by index (venue id = index + 1)
    final int[] venueCommune;
    final byte[] venueType;
    final double[] venueWeight;
    /** Steady venues: how many different people make up the staff who check in on a working day. */
    final int[] venuePool;
    /** Probability that a visitor lives in the venue's commune, else in its district (the type's catchment, widened for busy venues). */
    final float[] venueSameCommune;
    final float[] venueSameDistrict;
    /** Day of registration (index from start; negative: before the run). All -1 unless new-share or registered-span is set. */
    final int[] venueRegistered;
    /** First day (index from start) of a 3-day suspension, or -1. */
    final int[] venueSuspendedFrom;
    final Alias venueAlias;
    final double[][] hourCumulative = new double[Profile.BY_TYPE.length][];
    /** Acceptance of a drawn visit by day of week (1..7) and type, at most 1. */
    final double[][] acceptance = new double[8][Profile.BY_TYPE.length];

    // Statistics for the summary on stderr
    final long[] visitsByType = new long[Profile.BY_TYPE.length];
    final long[] visitsByHour = new long[24];
    final long[] visitsByChannel = new long[Channel.values().length];
    final long[] visitsByIdType = new long[IdType.values().length];
    long checkouts;
    long withName;
    long withPhoneRef;
    long suspendedVisits;
    long localVisits;
    long districtVisits;

    TracingDataGenerator(Map<String, String> o) throws Exception {
        seed = Long.parseLong(o.getOrDefault("seed", "1"));
        visits = Long.parseLong(o.getOrDefault("visits", Long.toString(DEFAULT_VISITS)));
        days = Integer.parseInt(o.getOrDefault("days", "14"));
        // Default: the days up to yesterday in Ha Noi, so the data sits inside the services' 21-day windows
        // (check-ins older than 21 days are refused, visits past retention dropped). Pass --start to reproduce.
        start = o.containsKey("start") ? LocalDate.parse(o.get("start")) : LocalDate.now(HCM).minusDays(days);
        people = Integer.parseInt(o.getOrDefault("people", Long.toString(Math.max(100, visits / 20))));
        venues = Integer.parseInt(o.getOrDefault("venues", Long.toString(Math.max(50, Math.round((double) HANOI_VENUES * visits / DEFAULT_VISITS)))));
        checkoutShare = Double.parseDouble(o.getOrDefault("checkout-share", "0.3333333"));
        if (visits < 1 || days < 1 || visits / days >= Integer.MAX_VALUE || people < 1 || venues < 1) {
            throw new IllegalArgumentException("visits, days, people and venues must be positive (and visits/days below 2^31)");
        }
        String provinces = o.getOrDefault("provinces", Places.HANOI);
        places = Places.load(Path.of(o.getOrDefault("admin-units", "contracts/src/main/resources/admin-units/vn-admin-units-2021.csv")),
                provinces.equals("all") ? Set.of() : Set.of(provinces.split(",")));
        registeredSpan = Integer.parseInt(o.getOrDefault("registered-span", "0"));
        newShare = Double.parseDouble(o.getOrDefault("new-share", "0"));
        peopleGen = new People(seed);

        Base64.Decoder b64 = Base64.getDecoder();
        String pk = env("PSEUDONYM_KEY", DEV_PSEUDONYM_KEY);
        String fk = env("FIELD_KEY", DEV_FIELD_KEY);
        ids = new PersonIds(env("PSEUDONYM_KEY_ID", "1"), Map.of(env("PSEUDONYM_KEY_ID", "1"), b64.decode(pk)));
        cipher = new FieldCipher(env("FIELD_KEY_ID", "1"), Map.of(env("FIELD_KEY_ID", "1"), b64.decode(fk)));

        int n = places.size();
        double[] cum = new double[n + 1];
        for (int c = 0; c < n; c++) {
            cum[c + 1] = cum[c] + places.populationWeight(c);
        }
        peopleStart = new int[n + 1];
        for (int c = 0; c <= n; c++) {
            peopleStart[c] = (int) Math.floor(people * cum[c] / cum[n]);
        }
        peopleStart[n] = people;

        double[] communeVenueWeight = new double[n];
        for (int c = 0; c < n; c++) {
            communeVenueWeight[c] = places.venueWeight(c);
        }
        Alias communeAlias = new Alias(communeVenueWeight);
        double[] typeShares = new double[Profile.BY_TYPE.length];
        for (int t = 0; t < typeShares.length; t++) {
            typeShares[t] = Profile.BY_TYPE[t].share();
            hourCumulative[t] = Profile.BY_TYPE[t].cumulativeHours();
        }
        double[] typeCumulative = Rng.cumulative(typeShares);
        venueCommune = new int[venues];
        venueType = new byte[venues];
        venueWeight = new double[venues];
        venuePool = new int[venues];
        venueSuspendedFrom = new int[venues];
        Rng vr = new Rng(Rng.hash(seed, VENUE_SALT));
        double total = 0;
        for (int v = 0; v < venues; v++) {
            venueCommune[v] = communeAlias.sample(vr);
            int t = vr.pick(typeCumulative);
            venueType[v] = (byte) t;
            Profile p = Profile.BY_TYPE[t];
            double g = vr.gaussian();
            double u = vr.nextDouble();
            // Steady: staff size varies, log-normal. Customers: Pareto (alpha 1.5), the "Zipf-like" skew within a
            // type (rank-frequency exponent 1/alpha = 0.67): most shops see a few visitors a day, a few markets
            // thousands. Capped at 50x the type's base so that the type decides the top of the list (a lucky
            // apartment building drawn at 200x outdid every market in a small run).
            double factor = p.steady() ? Math.exp(0.4 * g) : Math.min(50, Math.pow(1 - u, -1 / 1.5));
            venueWeight[v] = p.base() * factor;
            total += venueWeight[v];
            // 1 % of venues are suspended for 3 days of the run (inspections: 3 unheeded reminders).
            boolean suspended = vr.nextDouble() < 0.01;
            int from = vr.nextInt(days);
            venueSuspendedFrom[v] = suspended ? from : -1;
        }
        venueRegistered = new int[venues];
        for (int v = 0; v < venues; v++) {
            Rng g = new Rng(Rng.hash(seed, REGISTERED_SALT, v));
            double u = g.nextDouble();
            venueRegistered[v] = u < newShare ? g.nextInt(days) : registeredSpan > 0 ? -1 - g.nextInt(registeredSpan) : -1;
        }
        double perDay = (double) visits / days;
        venueSameCommune = new float[venues];
        venueSameDistrict = new float[venues];
        for (int v = 0; v < venues; v++) {
            double expected = venueWeight[v] / total * perDay;
            venuePool[v] = (int) Math.max(1, Math.round(expected));
            // A busy venue draws from further away: at most LOCAL_RATE visits a day per resident of its commune
            // (then of its district) come from there, the rest spills outwards. Without this a big market in a
            // small commune had its few residents there several times a day.
            Profile p = Profile.BY_TYPE[venueType[v]];
            int c = venueCommune[v];
            double communePeople = peopleStart[c + 1] - peopleStart[c];
            double districtPeople = peopleStart[places.districtEnd[c]] - peopleStart[places.districtFirst[c]];
            double local = Math.min(p.sameCommune(), LOCAL_RATE * communePeople / expected);
            double district = Math.min(p.sameCommune() + p.sameDistrict() - local, LOCAL_RATE * districtPeople / expected);
            venueSameCommune[v] = (float) local;
            venueSameDistrict[v] = (float) district;
        }
        venueAlias = new Alias(venueWeight);
        for (DayOfWeek d : DayOfWeek.values()) {
            double max = 0;
            for (Profile p : Profile.BY_TYPE) {
                max = Math.max(max, p.acceptance(d));
            }
            for (int t = 0; t < Profile.BY_TYPE.length; t++) {
                acceptance[d.getValue()][t] = Profile.BY_TYPE[t].acceptance(d) / max;
            }
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** One visit as drawn; reused. */
    static final class Draft {
        int venue;
        int type;
        /** Milliseconds since local midnight. */
        long timeOfDay;
        int person;
        Channel channel;
        IdType idType;
        boolean hasName;
        boolean hasPhone;
        boolean checkout;
        long durationMs;
        String id;
        String outId;
        Declaration declaration;
    }

    /** Venue and arrival: the part drawn twice (for the sort, then for the row). */
    private void drawVenueAndTime(Rng r, int day, DayOfWeek dow, Draft d) {
        double[] accept = acceptance[dow.getValue()];
        int v;
        do {
            v = venueAlias.sample(r);
            // A venue registered later than the day has no scans yet (never the case without new-share).
        } while (accept[venueType[v]] < 1 && r.nextDouble() >= accept[venueType[v]] || venueRegistered[v] > day);
        d.venue = v;
        d.type = venueType[v];
        int hour = 6 + r.pick(hourCumulative[d.type]);
        d.timeOfDay = hour * 3_600_000L + r.nextInt(3_600_000);
    }

    private void drawRest(Rng r, Draft d) {
        Profile p = Profile.BY_TYPE[d.type];
        if (p.steady()) {
            // The same pool member k is the same person every day: colleagues overlap for hours, day after day.
            int k = r.nextInt(venuePool[d.venue]);
            d.person = nearby(new Rng(Rng.hash(seed ^ STAFF_SALT, d.venue, k)), d.venue);
        } else {
            d.person = nearby(r, d.venue);
        }
        // Always draw the same number of values, whatever the branches: keeps later draws aligned.
        double uChannel = r.nextDouble();
        double uOtherApp = r.nextDouble();
        double uName = r.nextDouble();
        double uPhone = r.nextDouble();
        double uIdType = r.nextDouble();
        d.checkout = r.nextDouble() < checkoutShare;
        double g = r.gaussian();
        long a = r.nextLong();
        long b = r.nextLong();
        long c = r.nextLong();
        long e = r.nextLong();
        double uDeclaration = r.nextDouble();
        double uFever = r.nextDouble();
        double uCough = r.nextDouble();

        People.Person who = peopleGen.person(d.person);
        // Hospitals scan the chip card at reception more than other venues do.
        double scanner = d.type == HOSPITAL ? 0.30 : 0.06;
        if (who.noSmartphone()) {
            d.channel = uChannel < 0.7 ? Channel.VENUE_SCANNER : Channel.LOGBOOK;
        } else if (uChannel < scanner) {
            d.channel = Channel.VENUE_SCANNER;
        } else if (uChannel < scanner + 0.015) {
            d.channel = Channel.LOGBOOK;
        } else if (uChannel < scanner + 0.065) {
            d.channel = Channel.WEB;
        } else if (uChannel < scanner + 0.085) {
            d.channel = People.APPS[(int) (uOtherApp * People.APPS.length)]; // a second app on the phone
        } else {
            d.channel = who.app();
        }
        switch (d.channel) {
            case VENUE_SCANNER -> { // the chip card's QR: number and name; the scanner asks for a phone
                d.idType = IdType.CCCD;
                d.hasName = true;
                d.hasPhone = uPhone < 0.8;
            }
            case LOGBOOK -> { // written by hand: a phone, sometimes the card number with a phone
                d.idType = uIdType < 0.7 ? IdType.PHONE : IdType.CCCD;
                d.hasName = true;
                d.hasPhone = true;
            }
            case WEB -> { // the web form: phone required, name optional
                d.idType = IdType.PHONE;
                d.hasName = uName < 0.7;
                d.hasPhone = true;
            }
            default -> { // the apps send the profile's phone and name
                d.idType = IdType.PHONE;
                d.hasName = uName < 0.95;
                d.hasPhone = true;
            }
        }
        // Time spent: log-normal around the type's default dwell (median = dwell), 1 minute to 3x dwell.
        long dwell = VenueType.values()[d.type].defaultDwellMinutes() * 60_000L;
        d.durationMs = d.checkout ? Math.max(60_000L, Math.min(3 * dwell, Math.round(dwell * Math.exp(0.35 * g) / 1000.0) * 1000)) : dwell;
        if (d.channel == Channel.LOGBOOK) { // as checkin-service names logbook rows: "lb-" + 40 base64url characters
            d.id = "lb-" + base64Id(a, b);
            d.outId = "lb-" + base64Id(c, e);
        } else {
            d.id = uuid(a, b);
            d.outId = uuid(c, e);
        }
        // A quarter of app and web check-ins carry a health declaration (events only; visits do not keep it).
        d.declaration = uDeclaration < 0.25 && d.channel != Channel.LOGBOOK
                ? new Declaration(uFever < 0.003, uCough < 0.01, false, false, uFever > 0.98)
                : null;
    }

    /** A person living in the venue's commune, its district, or anywhere in its province, by the venue's catchment. */
    private int nearby(Rng r, int venue) {
        double u = r.nextDouble();
        int commune = venueCommune[venue];
        int lo;
        int hi;
        if (u < venueSameCommune[venue]) {
            lo = peopleStart[commune];
            hi = peopleStart[commune + 1];
        } else if (u < venueSameCommune[venue] + venueSameDistrict[venue]) {
            lo = peopleStart[places.districtFirst[commune]];
            hi = peopleStart[places.districtEnd[commune]];
        } else { // anywhere in the venue's province (all of it in a Ha Noi run)
            lo = peopleStart[places.provinceFirst[commune]];
            hi = peopleStart[places.provinceEnd[commune]];
        }
        if (hi <= lo) { // tiny runs: a commune without people
            lo = 0;
            hi = people;
        }
        return lo + r.nextInt(hi - lo);
    }

    private static String uuid(long a, long b) {
        return new UUID((a & ~0xF000L) | 0x4000L, (b & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
    }

    private static String base64Id(long a, long b) {
        byte[] bytes = new byte[30];
        long x = a;
        for (int i = 0; i < 30; i++) {
            if (i % 8 == 0) {
                x = Rng.hash(a ^ i, b);
            }
            bytes[i] = (byte) x;
            x >>>= 8;
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A person's protected identity for one check-in, as checkin-service's IdentityProtector makes it. */
    private record Protected(String ref, String phoneRef, String numberEnc, String nameEnc, String phoneEnc) {
    }

    private Protected protect(Draft d) {
        People.Person who = peopleGen.person(d.person);
        String number = d.idType == IdType.PHONE ? who.phone() : who.cccd();
        String ref = ids.pseudonym(d.idType, number);
        String phone = d.hasPhone ? who.phone() : null;
        String phoneRef = phone == null ? null : d.idType == IdType.PHONE ? ref : ids.pseudonym(IdType.PHONE, phone);
        return new Protected(ref, phoneRef, cipher.encrypt(number, "number"), d.hasName ? cipher.encrypt(who.name(), "name") : null,
                phone == null ? null : cipher.encrypt(phone, "phone"));
    }

    /** An OUT event waiting for its time. */
    private record PendingOut(long at, long seq, Draft draft, boolean suspended) {
    }

    void run(Format format, AsciiOut out) {
        if (format == Format.VENUES) {
            writeVenues(out);
            return;
        }
        if (format == Format.REPORT_VENUES) {
            writeReportVenues(out);
            return;
        }
        PriorityQueue<PendingOut> outs = new PriorityQueue<>((x, y) -> x.at != y.at ? Long.compare(x.at, y.at) : Long.compare(x.seq, y.seq));
        long seq = 0;
        long perDay = visits / days;
        long extra = visits % days;
        for (int day = 0; day < days; day++) {
            int n = (int) (perDay + (day < extra ? 1 : 0));
            LocalDate date = start.plusDays(day);
            DayOfWeek dow = date.getDayOfWeek();
            long dayStart = date.atStartOfDay(HCM).toInstant().toEpochMilli();
            String localDay = date.toString();
            // Visits are seeded by the calendar date, not the day's index: runs with the same seed and other
            // START days make other check-ins (other ids), and overlapping days the same ones.
            long dateKey = date.toEpochDay();
            // Pass 1: arrival times, sorted. Key = time of day (< 2^27 ms) above the visit's index (< 2^31).
            long[] keys = new long[n];
            Draft d = new Draft();
            for (int i = 0; i < n; i++) {
                drawVenueAndTime(new Rng(Rng.hash(seed, dateKey, i)), day, dow, d);
                keys[i] = d.timeOfDay << 32 | i;
            }
            Arrays.sort(keys);
            // Pass 2: each visit again from its own generator, in arrival order.
            for (long key : keys) {
                int i = (int) key;
                Rng r = new Rng(Rng.hash(seed, dateKey, i));
                d = new Draft(); // kept by a pending OUT
                drawVenueAndTime(r, day, dow, d);
                drawRest(r, d);
                long arrived = dayStart + d.timeOfDay;
                boolean suspended = venueSuspendedFrom[d.venue] >= 0 && day >= venueSuspendedFrom[d.venue] && day < venueSuspendedFrom[d.venue] + 3;
                count(d, suspended);
                if (format == Format.COPY) {
                    writeVisit(out, localDay, d, arrived, suspended);
                } else if (format == Format.REPORT_CHECKINS) {
                    writeReportCheckin(out, localDay, d, arrived);
                } else {
                    while (!outs.isEmpty() && outs.peek().at <= arrived) {
                        PendingOut p = outs.poll();
                        writeEvent(out, p.draft, Direction.OUT, p.at, p.suspended);
                    }
                    writeEvent(out, d, Direction.IN, arrived, suspended);
                    if (d.checkout) {
                        outs.add(new PendingOut(arrived + d.durationMs, seq++, d, suspended));
                    }
                }
            }
        }
        while (!outs.isEmpty()) {
            PendingOut p = outs.poll();
            writeEvent(out, p.draft, Direction.OUT, p.at, p.suspended);
        }
    }

    private void count(Draft d, boolean suspended) {
        visitsByType[d.type]++;
        visitsByHour[(int) (d.timeOfDay / 3_600_000L)]++;
        visitsByChannel[d.channel.ordinal()]++;
        visitsByIdType[d.idType.ordinal()]++;
        checkouts += d.checkout ? 1 : 0;
        withName += d.hasName ? 1 : 0;
        withPhoneRef += d.hasPhone ? 1 : 0;
        suspendedVisits += suspended ? 1 : 0;
        int home = Arrays.binarySearch(peopleStart, d.person);
        int homeCommune = home >= 0 ? lastStartingAt(home) : -home - 2;
        localVisits += homeCommune == venueCommune[d.venue] ? 1 : 0;
        districtVisits += places.district[homeCommune].equals(places.district[venueCommune[d.venue]]) ? 1 : 0;
    }

    /** The commune a person index belongs to when it equals a range start (skip empty communes). */
    private int lastStartingAt(int c) {
        while (c + 1 < peopleStart.length && peopleStart[c + 1] == peopleStart[c]) {
            c++;
        }
        return c;
    }

    private void writeVisit(AsciiOut out, String localDay, Draft d, long arrived, boolean suspended) {
        Protected p = protect(d);
        int c = venueCommune[d.venue];
        out.append(localDay).append('\t').append(d.id).append('\t').append(d.venue + 1L).append('\t')
                .append(p.ref).append('\t');
        nullable(out, p.phoneRef).append('\t').append(d.idType.name()).append('\t').append(p.numberEnc).append('\t');
        nullable(out, p.nameEnc).append('\t');
        nullable(out, p.phoneEnc).append('\t').append(places.commune[c]).append('\t').append(places.district[c]).append('\t')
                .append(places.province[c]).append('\t').append(d.channel.name()).append('\t');
        timestamp(out, arrived).append('\t');
        if (d.checkout) {
            timestamp(out, arrived + d.durationMs);
        } else {
            out.append("\\N");
        }
        out.append('\t');
        timestamp(out, arrived + d.durationMs).append('\t').append(suspended ? 't' : 'f').append('\n');
    }

    private void writeEvent(AsciiOut out, Draft d, Direction direction, long at, boolean suspended) {
        Protected p = protect(d); // fresh ciphertexts for the OUT, as a second request would get
        int c = venueCommune[d.venue];
        Instant occurred = Instant.ofEpochMilli(at);
        // Accepted a few hundred milliseconds to 3 s after the scan (online apps; offline uploads are not modelled).
        Instant received = occurred.plusMillis(200 + Math.floorMod(Rng.hash(at, d.person), 2800));
        CheckinEvent e = new CheckinEvent(CheckinEvent.SCHEMA, direction == Direction.IN ? d.id : d.outId, d.venue + 1L, places.commune[c],
                places.district[c], places.province[c], d.idType, p.ref, p.numberEnc, p.nameEnc, p.phoneEnc, p.phoneRef, direction, occurred,
                received, d.channel, direction == Direction.IN ? d.declaration : null, suspended);
        out.append(e.toJson()).append('\n');
    }

    private void writeVenues(AsciiOut out) {
        for (int v = 0; v < venues; v++) {
            int c = venueCommune[v];
            VenueType t = VenueType.values()[venueType[v]];
            out.append(v + 1L).append('\t').append(t.name()).append('\t').append(places.commune[c]).append('\t').append(places.district[c])
                    .append('\t').append(places.province[c]).append('\t').append(t.defaultDwellMinutes()).append('\t')
                    .append(String.format(Locale.ROOT, "%.4f", venueWeight[v])).append('\t').append(venuePool[v]).append('\n');
        }
    }

    /**
     * report-service's view of a check-in (what ReportSink takes from an IN event), for {@code COPY bench_checkins
     * (local_day, checkin_id, venue_id, person_ref, commune_code, district_code, province_code, occurred_at, declared,
     * symptomatic)}: the same ids, pseudonyms and codes as the events of the same parameters, no ciphertexts.
     */
    private void writeReportCheckin(AsciiOut out, String localDay, Draft d, long arrived) {
        People.Person who = peopleGen.person(d.person);
        String ref = ids.pseudonym(d.idType, d.idType == IdType.PHONE ? who.phone() : who.cccd());
        int c = venueCommune[d.venue];
        Declaration dec = d.declaration;
        boolean symptom = dec != null && (Boolean.TRUE.equals(dec.fever()) || Boolean.TRUE.equals(dec.cough())
                || Boolean.TRUE.equals(dec.breathingDifficulty()));
        out.append(localDay).append('\t').append(d.id).append('\t').append(d.venue + 1L).append('\t').append(ref).append('\t')
                .append(places.commune[c]).append('\t').append(places.district[c]).append('\t').append(places.province[c]).append('\t');
        timestamp(out, arrived).append('\t').append(dec != null ? 't' : 'f').append('\t').append(symptom ? 't' : 'f').append('\n');
    }

    /**
     * The venues as report-service keeps them, for {@code COPY report_venues (venue_id, version, name, venue_type,
     * commune_code, district_code, province_code, registered_day, suspended, non_compliant)}: suspended = in its
     * 3-day suspension on the run's last day; 2 % non-compliant. Names are ASCII (AsciiOut).
     */
    private void writeReportVenues(AsciiOut out) {
        for (int v = 0; v < venues; v++) {
            int c = venueCommune[v];
            VenueType t = VenueType.values()[venueType[v]];
            boolean suspended = venueSuspendedFrom[v] >= 0 && venueSuspendedFrom[v] + 3 > days - 1;
            boolean nonCompliant = Math.floorMod(Rng.hash(seed, COMPLIANCE_SALT, v), 100) < 2;
            out.append(v + 1L).append("\t1\t").append(t.name()).append(' ').append(v + 1L).append('\t').append(t.name()).append('\t')
                    .append(places.commune[c]).append('\t').append(places.district[c]).append('\t').append(places.province[c]).append('\t')
                    .append(start.plusDays(venueRegistered[v]).toString()).append('\t').append(suspended ? 't' : 'f').append('\t')
                    .append(nonCompliant ? 't' : 'f').append('\n');
        }
    }

    private static AsciiOut nullable(AsciiOut out, String v) {
        return out.append(v == null ? "\\N" : v);
    }

    /** "YYYY-MM-DD HH:MM:SS.mmm+00", UTC, for timestamptz input. */
    static AsciiOut timestamp(AsciiOut out, long epochMs) {
        long days = Math.floorDiv(epochMs, 86_400_000L);
        int msOfDay = (int) Math.floorMod(epochMs, 86_400_000L);
        // Civil date from days since 1970-01-01 (H. Hinnant), as contracts' Json.instant does.
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
        out.digits(year, 4).append('-').digits(month, 2).append('-').digits(day, 2).append(' ');
        out.digits(msOfDay / 3_600_000, 2).append(':').digits(msOfDay / 60_000 % 60, 2).append(':').digits(msOfDay / 1000 % 60, 2)
                .append('.').digits(msOfDay % 1000, 3);
        return out.append("+00");
    }

    private void summary(Format format, long elapsedNs, long bytes) {
        double secs = elapsedNs / 1e9;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "generated %,d visits (%s) in %.1f s: %,.0f visits/s, %,d bytes (%.0f a line)%n", visits,
                format.name().toLowerCase(Locale.ROOT), secs, visits / secs, bytes,
                (double) bytes / (format == Format.EVENTS ? visits + checkouts : visits)));
        s.append(String.format(Locale.ROOT, "people %,d, venues %,d, communes %d, days %d from %s, seed %d%n", people, venues, places.size(),
                days, start, seed));
        s.append(String.format(Locale.ROOT, "check-outs %.1f %%, with name %.1f %%, with phone %.1f %%, at a suspended venue %.2f %%, "
                + "visitor from the venue's commune %.1f %% (district %.1f %%)%n", pct(checkouts), pct(withName), pct(withPhoneRef),
                pct(suspendedVisits), pct(localVisits), pct(districtVisits)));
        s.append("visits by venue type:");
        for (int t = 0; t < visitsByType.length; t++) {
            s.append(String.format(Locale.ROOT, " %s %.1f%%", VenueType.values()[t], pct(visitsByType[t])));
        }
        s.append("\nvisits by channel:");
        for (Channel c : Channel.values()) {
            s.append(String.format(Locale.ROOT, " %s %.1f%%", c, pct(visitsByChannel[c.ordinal()])));
        }
        s.append("\nvisits by id type:");
        for (IdType t : IdType.values()) {
            if (visitsByIdType[t.ordinal()] > 0) {
                s.append(String.format(Locale.ROOT, " %s %.1f%%", t, pct(visitsByIdType[t.ordinal()])));
            }
        }
        s.append("\narrivals by local hour:");
        for (int h = 6; h < 22; h++) {
            s.append(String.format(Locale.ROOT, " %02d:%.1f%%", h, pct(visitsByHour[h])));
        }
        System.err.println(s);
    }

    private double pct(long n) {
        return 100.0 * n / visits;
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (String a : args) {
            if (!a.startsWith("--") || !a.contains("=")) {
                throw new IllegalArgumentException("options are --name=value, not " + a);
            }
            o.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        return o;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = parse(args);
        Format format = Format.valueOf(o.getOrDefault("format", "copy").toUpperCase(Locale.ROOT).replace('-', '_'));
        TracingDataGenerator g = new TracingDataGenerator(o);
        String target = o.getOrDefault("out", "-");
        OutputStream os = target.equals("-") ? new FileOutputStream(FileDescriptor.out) : Files.newOutputStream(Path.of(target));
        long t0 = System.nanoTime();
        AsciiOut out = new AsciiOut(os);
        g.run(format, out);
        out.close();
        if (format != Format.VENUES && format != Format.REPORT_VENUES) {
            g.summary(format, System.nanoTime() - t0, out.bytesWritten());
        }
    }
}
