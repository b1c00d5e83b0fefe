package vn.qrcheckin.venue.domain;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "reminder")
public class Reminder {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "venue_id")
    public Long venueId;

    @Column(name = "sent_by")
    public String sentBy;

    public String note;

    @Column(name = "created_at")
    public Instant createdAt;
}
