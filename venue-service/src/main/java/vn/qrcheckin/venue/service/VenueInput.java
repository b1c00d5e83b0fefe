package vn.qrcheckin.venue.service;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import vn.qrcheckin.contracts.VenueType;

/**
 * A venue as a client sends it: every field for a registration, any subset for a change. In a change, a
 * required field sent as {@code null} is refused ({@link VenueRules#patch}: a change leaves out what stays,
 * it cannot remove a name); latitude and longitude as {@code null} are the same as left out.
 */
@Schema(name = "VenueInput", description = "A venue registration, or the fields to change")
public record VenueInput(
        @Schema(examples = "Phở Hà Nội 36") String name,
        @Schema(examples = "RESTAURANT_CAFE") VenueType type,
        @Schema(examples = "36 Tô Hiệu") String address,
        @Schema(description = "GSO code of the commune (phường/xã/thị trấn)", examples = "09541") String communeCode,
        @Schema(examples = "Nguyễn Văn An") String ownerName,
        @Schema(description = "Vietnamese phone; +84 and separators accepted", examples = "0912345678") String ownerPhone,
        @Schema(examples = "20.9712") Double latitude,
        @Schema(examples = "105.7788") Double longitude) {
}
