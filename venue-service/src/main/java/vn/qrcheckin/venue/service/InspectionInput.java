package vn.qrcheckin.venue.service;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import vn.qrcheckin.venue.domain.InspectionResult;
import vn.qrcheckin.venue.domain.Violation;

@Schema(name = "InspectionInput", description = "What an inspector found at a venue")
public record InspectionInput(
        @Schema(description = "When the inspection took place (defaults to now)", examples = "2021-10-05T09:30:00+07:00") Instant inspectedAt,
        @Schema(description = "Only for an account whose token names nobody: the signed-in inspector's name is recorded otherwise",
                examples = "Trần Thị Bình") String inspectorName,
        @Schema(description = "Derived from the violations when absent") InspectionResult result,
        @Schema(examples = "[\"NOT_ENFORCING_SCAN\"]") List<Violation> violations,
        @Schema(description = "Fine levied, in VND", examples = "7500000") Long fineVnd,
        @Schema(examples = "Nhân viên không yêu cầu khách quét mã") String note) {
}
