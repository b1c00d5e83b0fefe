package vn.qrcheckin.tracing.domain;

import java.time.Instant;

/**
 * One presence of a person at a venue, as stored: pseudonyms and ciphertexts only.
 *
 * @param personKey who this is for tracing: the contact phone's pseudonym when one was given (so one phone under
 *        different id types is one person), else the identity's pseudonym
 */
public record Visit(String checkinId, long venueId, String personRef, String phoneRef, String idType, String numberEnc, String nameEnc,
        String phoneEnc, Instant arrivedAt, Instant leftAt, Instant endsAt) {

    public String personKey() {
        return phoneRef != null ? phoneRef : personRef;
    }
}
