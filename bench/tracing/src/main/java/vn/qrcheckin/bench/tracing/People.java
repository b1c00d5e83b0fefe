package vn.qrcheckin.bench.tracing;

import vn.qrcheckin.contracts.checkin.Channel;

/**
 * The people of the run, by index: person p is derived from (seed, p) whenever needed, so 8 million people cost
 * no memory. Indexes are laid out by home commune (see {@link Hanoi}).
 */
final class People {

    /** A person's plaintext identity. Phone and CCCD number are unique per person for up to 10^6 people (see below). */
    record Person(int index, String phone, String cccd, String name, boolean noSmartphone, Channel app) {
    }

    private static final long SALT = 0x5EED_BEEF_0001L;

    private static final String[] PHONE_PREFIXES = {
            "032", "033", "034", "035", "036", "037", "038", "039", "086", "096", "097", "098", // Viettel
            "081", "082", "083", "084", "085", "088", "091", "094", // VinaPhone
            "070", "076", "077", "078", "079", "089", "090", "093", // MobiFone
            "052", "056", "058", "059"}; // Vietnamobile, Gmobile

    /** CCCD birthplace codes ("0" + GSO province code): Ha Noi, then the provinces many Ha Noi residents come from. */
    private static final String[] BIRTH_PROVINCES = {"001", "034", "036", "035", "033", "030", "037", "038", "040", "027", "026", "025", "024", "031", "022"};
    private static final double[] BIRTH_PROVINCE_WEIGHTS = Rng.cumulative(60, 5, 5, 4, 4, 4, 3, 4, 3, 2, 2, 1.5, 1, 1, 0.5);

    private static final String[] FAMILY = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
            "Dương", "Lý", "Đinh", "Đào", "Trịnh", "Lương", "Mai", "Tạ"};
    private static final double[] FAMILY_WEIGHTS = Rng.cumulative(38, 11, 9.5, 7, 5, 4.5, 4, 2, 2, 2, 1.3, 1.3, 1, 0.5, 1, 1, 1, 0.6, 0.6, 0.5);
    private static final String[] MIDDLE_MALE = {"Văn", "Đức", "Minh", "Hữu", "Quang", "Thành", "Ngọc", "Xuân", "Công", "Trung", "Mạnh", "Tiến"};
    private static final String[] MIDDLE_FEMALE = {"Thị", "Thu", "Ngọc", "Thanh", "Minh", "Hồng", "Phương", "Thùy", "Bảo", "Kim", "Diệu", "Lan"};
    private static final String[] GIVEN_MALE = {"Anh", "Hùng", "Dũng", "Tuấn", "Minh", "Nam", "Hải", "Long", "Sơn", "Thắng", "Đức", "Hoàng",
            "Quân", "Huy", "Khoa", "Phúc", "Trung", "Việt", "Bình", "Tiến", "Cường", "Thành", "Kiên", "Toàn"};
    private static final String[] GIVEN_FEMALE = {"Lan", "Hương", "Hoa", "Hà", "Linh", "Trang", "Phương", "Thảo", "Mai", "Ngọc", "Anh",
            "Hằng", "Nhung", "Thủy", "Yến", "Huyền", "Nga", "Vân", "Loan", "Dung", "Giang", "Quỳnh", "Hạnh", "Chi"};

    /** The national apps by share of app check-ins (judgement: PC-Covid dominated in late 2021). */
    static final Channel[] APPS = {Channel.PC_COVID, Channel.VNEID, Channel.BLUEZONE, Channel.NCOVI, Channel.VHD};
    private static final double[] APP_WEIGHTS = Rng.cumulative(60, 18, 10, 6, 6);

    private final long seed;
    private final long phoneOffset;
    private final long cccdOffset;

    People(long seed) {
        this.seed = seed;
        this.phoneOffset = Math.floorMod(Rng.hash(seed, 1), 10_000_000L);
        this.cccdOffset = Math.floorMod(Rng.hash(seed, 2), 1_000_000L);
    }

    Person person(int p) {
        Rng r = new Rng(Rng.hash(seed ^ SALT, p));
        // Phone: the 7 subscriber digits are an affine permutation of p mod 10^7 (7,654,321 is prime to 10^7),
        // so no two of up to 10 million people share a phone whatever prefix they draw.
        String prefix = PHONE_PREFIXES[r.nextInt(PHONE_PREFIXES.length)];
        long subscriber = Math.floorMod(p * 7_654_321L + phoneOffset, 10_000_000L);
        String phone = prefix + pad(subscriber, 7);
        // CCCD: birthplace (3) + sex/century (1) + year of birth (2) + 6 digits. The 6 digits are a permutation
        // of p mod 10^6: unique up to a million people; beyond, two people collide only if they also share
        // birthplace, sex and year (a handful in 8 million).
        boolean female = r.nextDouble() < 0.51;
        // 1940..2007: a CCCD is issued from 14; children check in on a parent's phone. Skewed to younger adults.
        int birthYear = 1940 + (int) Math.round(67 * Math.pow(r.nextDouble(), 0.8));
        int sexCentury = (birthYear >= 2000 ? 2 : 0) + (female ? 1 : 0);
        String birthplace = BIRTH_PROVINCES[r.pick(BIRTH_PROVINCE_WEIGHTS)];
        long serial = Math.floorMod(p * 123_457L + cccdOffset, 1_000_000L); // 123,457 is prime to 10^6
        String cccd = birthplace + sexCentury + pad(birthYear % 100, 2) + pad(serial, 6);
        String name = FAMILY[r.pick(FAMILY_WEIGHTS)] + " "
                + (female ? MIDDLE_FEMALE[r.nextInt(MIDDLE_FEMALE.length)] : MIDDLE_MALE[r.nextInt(MIDDLE_MALE.length)]) + " "
                + (female ? GIVEN_FEMALE[r.nextInt(GIVEN_FEMALE.length)] : GIVEN_MALE[r.nextInt(GIVEN_MALE.length)]);
        // Older people more often without a smartphone: they show the chip card or sign the logbook.
        boolean noSmartphone = r.nextDouble() < (birthYear < 1960 ? 0.35 : 0.04);
        Channel app = APPS[r.pick(APP_WEIGHTS)];
        return new Person(p, phone, cccd, name, noSmartphone, app);
    }

    private static String pad(long v, int width) {
        String s = Long.toString(v);
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }
}
