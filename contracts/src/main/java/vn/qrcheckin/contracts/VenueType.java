package vn.qrcheckin.contracts;

/**
 * Kinds of venue that register a QR code. Each carries the default dwell time that tracing assumes when a
 * visitor never checks out: a pharmacy visit is short, a shift at a factory is long.
 */
public enum VenueType {
    RESTAURANT_CAFE(60),
    SHOP(20),
    SUPERMARKET(45),
    MARKET(60),
    OFFICE_AGENCY(480),
    FACTORY(480),
    HOSPITAL_CLINIC(120),
    PHARMACY(15),
    SCHOOL(360),
    BANK_BRANCH(30),
    BUS_RAIL_STATION(60),
    TRAFFIC_CHECKPOINT(10),
    RESIDENTIAL_BUILDING(720),
    RELIGIOUS_SITE(90),
    EVENT(180),
    OTHER(60);

    private final int defaultDwellMinutes;

    VenueType(int defaultDwellMinutes) {
        this.defaultDwellMinutes = defaultDwellMinutes;
    }

    public int defaultDwellMinutes() {
        return defaultDwellMinutes;
    }
}
