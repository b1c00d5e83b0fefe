package vn.qrcheckin.bench.tracing;

import vn.qrcheckin.contracts.VenueType;

/**
 * How one venue type behaves in the generated data. The numbers are judgement, not measurement (no per-type
 * statistics of Ha Noi's check-ins were published); they are chosen so that the shape holds: markets
 * and hospitals busy, offices steady, most people near home, rush hours in the morning, at noon and in the
 * evening.
 *
 * @param share fraction of registered venues of this type
 * @param base relative visits per venue (before the per-venue popularity factor)
 * @param steady true: staff who come every working day (offices, factories, schools) from a fixed pool of
 *        people, popularity log-normal around the base; false: customers drawn afresh, popularity Pareto
 *        (a few venues of a type take most of its visits)
 * @param sameCommune probability a visitor lives in the venue's commune
 * @param sameDistrict probability a visitor lives elsewhere in the venue's district (the rest: anywhere in Ha Noi)
 * @param hours relative arrivals in the local hours 06..21 (16 values)
 * @param saturday acceptance of a drawn visit on Saturday (1 = as on a weekday)
 * @param sunday acceptance of a drawn visit on Sunday
 */
record Profile(VenueType type, double share, double base, boolean steady, double sameCommune, double sameDistrict,
        double[] hours, double saturday, double sunday) {

    // Hour profiles, 06:00 .. 21:00 (an arrival in hour 21 is before 22:00).
    //                                    6    7    8    9   10   11   12   13   14   15   16   17   18   19   20   21
    private static final double[] OFFICE = {1, 12, 9, 2, 1, 1, 2, 5, 1.5, 1, 0.8, 0.6, 0.4, 0.2, 0.1, 0.05};
    private static final double[] FACTORY = {10, 6, 1.5, 0.5, 0.3, 0.5, 1, 1.5, 3, 0.5, 0.3, 0.5, 0.5, 0.3, 0.3, 1.5};
    private static final double[] SCHOOL = {4, 12, 2, 0.5, 0.3, 0.3, 1, 5, 1, 0.5, 0.5, 0.5, 0.3, 0.3, 0.2, 0.1};
    private static final double[] FOOD = {4, 5, 2.5, 1.2, 1.2, 6, 5.5, 1.5, 0.8, 0.8, 1, 2.5, 5, 5, 3, 1.5};
    private static final double[] MARKET = {8, 9, 6, 4, 3, 2, 1, 0.5, 0.7, 2, 5, 6, 4, 1.5, 0.5, 0.2};
    private static final double[] HOSPITAL = {3, 9, 9, 7, 5, 3, 1.5, 4, 5, 4, 2.5, 1.5, 1, 0.8, 0.6, 0.4};
    private static final double[] RETAIL = {0.5, 1.5, 2, 2.5, 3, 3, 2.5, 2, 2.5, 3, 4, 6, 7, 7, 5, 3};
    private static final double[] HOME = {0.5, 0.5, 0.5, 1, 1, 2, 2, 1, 1, 1, 2, 6, 9, 6, 4, 3};
    private static final double[] TRANSIT = {5, 8, 5, 3, 2.5, 2.5, 2.5, 2.5, 3, 3.5, 5, 8, 6, 3, 2, 1.5};
    private static final double[] BANK = {0.1, 0.5, 5, 6, 5, 4, 1, 3, 5, 5, 3, 0.5, 0.1, 0.1, 0.1, 0.1};
    private static final double[] RELIGIOUS = {5, 3, 2, 2, 2, 1, 1, 1, 1, 1.5, 2, 3, 4, 3, 1.5, 0.5};
    private static final double[] EVENT = {0.2, 0.5, 3, 4, 3, 2, 1, 2, 4, 4, 3, 2, 3, 4, 3, 1};

    /** Indexed by VenueType ordinal. Shares add up to 1. */
    static final Profile[] BY_TYPE = {
            new Profile(VenueType.RESTAURANT_CAFE, 0.18, 2, false, 0.50, 0.30, FOOD, 1, 1),
            new Profile(VenueType.SHOP, 0.30, 1, false, 0.70, 0.25, RETAIL, 1, 1),
            new Profile(VenueType.SUPERMARKET, 0.02, 10, false, 0.50, 0.35, RETAIL, 1, 1),
            new Profile(VenueType.MARKET, 0.01, 30, false, 0.70, 0.25, MARKET, 1, 1),
            new Profile(VenueType.OFFICE_AGENCY, 0.10, 5, true, 0.25, 0.35, OFFICE, 0.4, 0.1),
            new Profile(VenueType.FACTORY, 0.02, 8, true, 0.30, 0.40, FACTORY, 0.7, 0.4),
            new Profile(VenueType.HOSPITAL_CLINIC, 0.02, 15, false, 0.20, 0.30, HOSPITAL, 0.8, 0.6),
            new Profile(VenueType.PHARMACY, 0.06, 1.5, false, 0.70, 0.25, RETAIL, 1, 1),
            new Profile(VenueType.SCHOOL, 0.03, 6, true, 0.60, 0.30, SCHOOL, 0.3, 0.05),
            new Profile(VenueType.BANK_BRANCH, 0.02, 3, false, 0.40, 0.35, BANK, 0.5, 0.1),
            new Profile(VenueType.BUS_RAIL_STATION, 0.002, 12, false, 0.10, 0.20, TRANSIT, 1, 1),
            new Profile(VenueType.TRAFFIC_CHECKPOINT, 0.001, 10, false, 0.10, 0.20, TRANSIT, 1, 1),
            new Profile(VenueType.RESIDENTIAL_BUILDING, 0.08, 2, false, 0.90, 0.08, HOME, 1, 1),
            new Profile(VenueType.RELIGIOUS_SITE, 0.02, 2, false, 0.60, 0.30, RELIGIOUS, 1.3, 1.5),
            new Profile(VenueType.EVENT, 0.005, 3, false, 0.10, 0.30, EVENT, 1.5, 1.5),
            new Profile(VenueType.OTHER, 0.132, 1, false, 0.50, 0.30, RETAIL, 1, 1),
    };

    static {
        double sum = 0;
        for (int i = 0; i < BY_TYPE.length; i++) {
            if (BY_TYPE[i].type.ordinal() != i || BY_TYPE[i].hours.length != 16) {
                throw new IllegalStateException("profile table out of order at " + i);
            }
            sum += BY_TYPE[i].share;
        }
        if (BY_TYPE.length != VenueType.values().length || Math.abs(sum - 1) > 1e-9) {
            throw new IllegalStateException("profiles must cover every VenueType with shares adding up to 1, not " + sum);
        }
    }

    double[] cumulativeHours() {
        return Rng.cumulative(hours);
    }

    /** Weekend visits of a type that has fewer are drawn again (a Sunday has as many check-ins, at other venues). */
    double acceptance(java.time.DayOfWeek day) {
        return switch (day) {
            case SATURDAY -> saturday;
            case SUNDAY -> sunday;
            default -> 1;
        };
    }
}
