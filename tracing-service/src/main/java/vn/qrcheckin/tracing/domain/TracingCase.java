package vn.qrcheckin.tracing.domain;

import java.time.Instant;

/** A confirmed case (F0) as stored; the person as pseudonyms and a ciphertext. */
public record TracingCase(long id, String label, String idType, String personRef, String phoneRef, String numberEnc, Instant infectiousFrom,
        Instant infectiousTo, String provinceCode, String status, String createdBy, Instant createdAt, Instant closedAt) {
}
