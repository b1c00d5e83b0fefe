package vn.qrcheckin.venue.domain;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "inspection")
public class Inspection {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "venue_id")
    public Long venueId;

    @Column(name = "inspected_at")
    public Instant inspectedAt;

    @Column(name = "inspector_subject")
    public String inspectorSubject;

    @Column(name = "inspector_name")
    public String inspectorName;

    @Enumerated(EnumType.STRING)
    public InspectionResult result;

    /** Comma-separated {@link Violation} names. */
    public String violations;

    @Column(name = "fine_vnd")
    public long fineVnd;

    public String note;

    @Column(name = "created_at")
    public Instant createdAt;
}
