package vn.qrcheckin.checkin.domain;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import vn.qrcheckin.contracts.identity.IdType;

/** A person as submitted: plaintext, only in memory for the time of the request. */
@Schema(name = "Person")
public record Person(
        @Schema(examples = "PHONE") IdType idType,
        @Schema(examples = "0912345678") String number,
        @Schema(examples = "Nguyễn Văn An") String name,
        @Schema(description = "contact phone when the id is not a phone", examples = "0912345678") String phone) {

    @Override
    public String toString() {
        return "Person[" + idType + ", ***]"; // never log personal data
    }
}
