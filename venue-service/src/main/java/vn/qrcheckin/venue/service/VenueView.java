package vn.qrcheckin.venue.service;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import vn.qrcheckin.contracts.VenueType;
import vn.qrcheckin.contracts.qr.QrContent;
import vn.qrcheckin.venue.domain.Venue;
import vn.qrcheckin.venue.domain.VenueStatus;

/** A venue as the API shows it to those allowed to see it (the owner's contact included). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VenueView(
        long id,
        String name,
        VenueType type,
        int defaultDwellMinutes,
        String address,
        List<AreaRef> area,
        String communeCode,
        String districtCode,
        String provinceCode,
        Owner owner,
        Double latitude,
        Double longitude,
        VenueStatus status,
        String suspensionReason,
        Compliance compliance,
        Qr qr,
        Instant createdAt,
        Instant updatedAt) {

    public record AreaRef(String code, String name, String level) {
    }

    public record Owner(String name, String phone) {
    }

    public record Compliance(boolean nonCompliant, List<String> lastViolations, Instant lastInspectedAt, int remindersSinceCompliance,
            boolean flaggedForSuspension) {
    }

    public record Qr(String content, String keyId, String png, String svg, String poster) {
    }

    public static VenueView of(Venue v, AdminUnitDirectory units, String publicBaseUrl) {
        return new VenueView(v.id, v.name, v.type, v.type.defaultDwellMinutes(), v.address, area(v, units), v.communeCode, v.districtCode,
                v.provinceCode, new Owner(v.ownerName, v.ownerPhone), v.latitude, v.longitude, v.status, v.suspensionReason,
                compliance(v), qr(v, publicBaseUrl), v.createdAt, v.updatedAt);
    }

    public static List<AreaRef> area(Venue v, AdminUnitDirectory units) {
        return units.find(v.communeCode).map(c -> units.path(c).stream()
                .map(u -> new AreaRef(u.code(), u.name(), u.level().name()))
                .toList()).orElse(List.of());
    }

    static Compliance compliance(Venue v) {
        return new Compliance(v.nonCompliant, violations(v.lastViolations), v.lastInspectedAt, v.remindersSinceCompliance,
                v.flaggedForSuspension);
    }

    static List<String> violations(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }

    static Qr qr(Venue v, String publicBaseUrl) {
        String base = "/api/v1/venues/" + v.id;
        return new Qr(QrContent.url(publicBaseUrl, v.qrToken), v.qrKeyId, base + "/qr.png", base + "/qr.svg", base + "/poster.pdf");
    }

    /** The address line with commune, district and province names, as printed on the poster. */
    public static String fullAddress(Venue v, AdminUnitDirectory units) {
        StringBuilder sb = new StringBuilder(v.address);
        List<AreaRef> area = area(v, units);
        for (int i = area.size() - 1; i >= 0; i--) {
            sb.append(", ").append(area.get(i).name());
        }
        return sb.toString();
    }
}
