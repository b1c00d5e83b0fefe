package vn.qrcheckin.checkin.domain;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import vn.qrcheckin.contracts.checkin.Declaration;
import vn.qrcheckin.contracts.checkin.Direction;

/** A check-in as an app sends it. */
@Schema(name = "CheckinRequest")
public record CheckinRequest(
        @Schema(description = "client-generated id, 8-64 of [A-Za-z0-9_-]: sending it twice is one check-in",
                examples = "a4c1f0e2-77b3-4d7e-9b0b-2a1f9e3c5d10") String id,
        @Schema(description = "the scanned venue QR content (or the bare token)") String qr,
        @Schema(description = "the venue id, when the app has no QR content (offline queue)") Long venueId,
        Person person,
        @Schema(description = "IN (default) or OUT") Direction direction,
        @Schema(description = "when the person was there (ISO-8601, e.g. 2026-12-01T08:30:00+07:00); defaults to now, at most "
                + "5 minutes ahead and 21 days old") Instant occurredAt,
        Declaration declaration) {
}
