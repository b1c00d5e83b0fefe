package vn.qrcheckin.venue.domain;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** A venue event waiting to be appended to the Redis stream; committed with the change it describes. */
@Entity
@Table(name = "venue_outbox")
public class OutboxEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "venue_outbox_seq")
    @SequenceGenerator(name = "venue_outbox_seq", sequenceName = "venue_outbox_seq", allocationSize = 50)
    public Long id;

    /** The JSON of a {@link vn.qrcheckin.contracts.VenueEvent}. */
    public String payload;

    @Column(name = "created_at")
    public Instant createdAt;
}
