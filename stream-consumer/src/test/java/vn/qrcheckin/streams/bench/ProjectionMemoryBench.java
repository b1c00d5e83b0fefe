package vn.qrcheckin.streams.bench;

import java.lang.management.ManagementFactory;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import vn.qrcheckin.contracts.VenueEvent;
import vn.qrcheckin.contracts.VenueType;
import vn.qrcheckin.streams.venues.VenueProjection;

/**
 * Heap held by the venue projection for Hà Nội's 670,000 venues (bench/venue-projection-memory.sh; not a test:
 * the name keeps it out of the suite). Venues as registered: a Vietnamese name of 20-60 characters, one of 579
 * communes (Hà Nội's 2021 count) in 30 districts, an owner account id (UUID) per venue, a venue type.
 */
class ProjectionMemoryBench {

    private static final int VENUES = Integer.getInteger("venues", 670_000);

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void heapForHanoi() throws InterruptedException {
        Random random = new Random(2021);
        String[] words = { "Cửa hàng", "Tạp hóa", "Quán", "Phở", "Cà phê", "Nhà thuốc", "Trường", "Chợ", "Siêu thị", "Ngân hàng", "Bến xe",
                "Bệnh viện", "Công ty", "Nhà văn hóa", "Hồng", "Minh", "Anh", "Thành", "Phúc", "An", "Khang", "Đông", "Tây", "số" };
        VenueType[] types = VenueType.values();
        long before = usedAfterGc();
        VenueProjection projection = new VenueProjection();
        for (long id = 1; id <= VENUES; id++) {
            StringBuilder name = new StringBuilder();
            int target = 20 + random.nextInt(41);
            while (name.length() < target) {
                name.append(words[random.nextInt(words.length)]).append(' ');
            }
            name.append(id);
            int commune = random.nextInt(579);
            String communeCode = String.format("%05d", commune);
            // Each event carries its own String instances, as Jackson reads them off the stream.
            projection.apply(new VenueEvent(id, VenueEvent.Type.CREATED, id, name.toString(), types[random.nextInt(types.length)], 60,
                    new String(communeCode), String.format("%03d", commune % 30), new String("01"), "ACTIVE",
                    UUID.randomUUID().toString(), null, 1, VenueEvent.SCHEMA));
        }
        long after = usedAfterGc();
        long bytes = after - before;
        System.out.printf("venue projection: %,d venues, %,d bytes of heap (%.1f MiB), %d bytes per venue (java %s, %s)%n", projection.size(),
                bytes, bytes / 1024.0 / 1024.0, bytes / projection.size(), System.getProperty("java.version"),
                ManagementFactory.getRuntimeMXBean().getInputArguments());
        if (projection.find(VENUES).isEmpty()) {
            throw new AssertionError("projection lost a venue");
        }
    }
}
