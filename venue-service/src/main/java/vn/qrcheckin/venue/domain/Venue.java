package vn.qrcheckin.venue.domain;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import vn.qrcheckin.contracts.VenueType;

@Entity
@Table(name = "venue")
public class Venue {

    /** Drawn from venue_seq before the insert, because the QR token that is stored with the row signs it. */
    @Id
    public Long id;

    public String name;

    /** {@link #name} folded (no diacritics, lower case) for search. */
    @Column(name = "search_name")
    public String searchName;

    @Enumerated(EnumType.STRING)
    @Column(name = "venue_type")
    public VenueType type;

    public String address;

    @Column(name = "commune_code")
    public String communeCode;

    /** Null where the loaded administrative set has no district level. */
    @Column(name = "district_code")
    public String districtCode;

    @Column(name = "province_code")
    public String provinceCode;

    /** Subject (token "sub") of the owner's account. */
    @Column(name = "owner_subject")
    public String ownerSubject;

    @Column(name = "owner_name")
    public String ownerName;

    /** Normalised to the national form 0xxxxxxxxx. */
    @Column(name = "owner_phone")
    public String ownerPhone;

    public Double latitude;

    public Double longitude;

    @Enumerated(EnumType.STRING)
    public VenueStatus status;

    @Column(name = "suspension_reason")
    public String suspensionReason;

    @Column(name = "reminders_since_compliance")
    public int remindersSinceCompliance;

    @Column(name = "flagged_for_suspension")
    public boolean flaggedForSuspension;

    @Column(name = "non_compliant")
    public boolean nonCompliant;

    /** Comma-separated {@link Violation} names of the last non-compliant inspection. */
    @Column(name = "last_violations")
    public String lastViolations;

    @Column(name = "last_inspected_at")
    public Instant lastInspectedAt;

    @Column(name = "qr_token")
    public String qrToken;

    @Column(name = "qr_key_id")
    public String qrKeyId;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /**
     * Orders the venue's states for consumers ({@code VenueEvent.version}) and refuses lost updates: Hibernate
     * increments it with each change and a concurrent change fails (409). A new venue is stored with 1
     * ({@code VenueService.newVenue}); Hibernate keeps a set, non-negative value on insert instead of seeding 0.
     */
    @Version
    public long version;
}
