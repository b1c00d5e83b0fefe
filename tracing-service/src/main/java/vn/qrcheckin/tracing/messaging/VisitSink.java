package vn.qrcheckin.tracing.messaging;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import vn.qrcheckin.contracts.VenueType;
import vn.qrcheckin.contracts.checkin.CheckinEvent;
import vn.qrcheckin.contracts.checkin.Direction;
import vn.qrcheckin.streams.consumer.BatchSink;
import vn.qrcheckin.streams.consumer.StreamEntry;
import vn.qrcheckin.streams.venues.VenueFollower;
import vn.qrcheckin.tracing.config.TracingConfig;
import vn.qrcheckin.contracts.Days;
import vn.qrcheckin.tracing.repository.VisitRepository;
import vn.qrcheckin.tracing.repository.VisitRepository.CheckOut;
import vn.qrcheckin.tracing.repository.VisitRepository.NewVisit;

/**
 * The tracing group's sink: a batch of check-in events becomes visits in one transaction. Check-ins (IN) are
 * inserted by check-in id (a redelivery inserts nothing), into the day they happened (late uploads land in their
 * own past day); a visit without a check-out lasts its venue type's default dwell. Check-outs close the person's
 * latest open visit at that venue; one that came before its check-in is kept until the check-in arrives.
 * Check-ins older than the retention are not stored (their day is being dropped).
 */
@ApplicationScoped
public class VisitSink implements BatchSink {

    private final VisitRepository visits;
    private final VenueFollower venues;
    private final ObjectMapper json;
    private final TracingConfig config;
    private final Counter tooOld;

    public VisitSink(VisitRepository visits, VenueFollower venues, ObjectMapper json, TracingConfig config, MeterRegistry metrics) {
        this.visits = visits;
        this.venues = venues;
        this.json = json;
        this.config = config;
        this.tooOld = Counter.builder("tracing_checkins_past_retention_total").description("check-ins older than the retention, not stored")
                .register(metrics);
    }

    @Override
    public Uni<Void> write(List<StreamEntry> batch) {
        List<NewVisit> ins = new ArrayList<>();
        List<CheckOut> outs = new ArrayList<>();
        LocalDate oldest = Days.of(Instant.now()).minusDays(config.tracing().retention().toDays() - 1);
        for (StreamEntry entry : batch) {
            CheckinEvent e = read(entry);
            LocalDate day = Days.of(e.occurredAt());
            if (day.isBefore(oldest)) {
                tooOld.increment();
                continue;
            }
            if (e.direction() == Direction.OUT) {
                outs.add(new CheckOut(e.id(), e.venueId(), e.personRef(), e.occurredAt()));
            } else {
                ins.add(new NewVisit(day, e.id(), e.venueId(), e.personRef(), e.phoneRef(), e.idType() == null ? null : e.idType().name(),
                        e.numberEnc(), e.nameEnc(), e.phoneEnc(), e.communeCode(), e.districtCode(), e.provinceCode(),
                        e.channel() == null ? null : e.channel().name(), e.occurredAt(), e.occurredAt().plus(dwell(e.venueId())),
                        e.venueSuspended(), e.receivedAt()));
            }
        }
        Duration maxVisit = config.tracing().maxVisit();
        return visits.pool().withTransaction(conn -> visits.insert(conn, ins)
                .chain(fresh -> visits.applyKeptCheckOuts(conn, ins, fresh, maxVisit))
                .chain(() -> visits.checkOuts(conn, outs, maxVisit)));
    }

    @Override
    public Uni<Void> probe() {
        return visits.pool().query("SELECT 1").execute().replaceWithVoid();
    }

    private CheckinEvent read(StreamEntry entry) {
        try {
            CheckinEvent e = json.readValue(entry.event(), CheckinEvent.class);
            if (e.id() == null || e.personRef() == null || e.occurredAt() == null || e.numberEnc() == null || e.idType() == null) {
                throw new IllegalArgumentException("check-in event " + entry.id() + " lacks id, personRef, numberEnc, idType or occurredAt");
            }
            return e;
        } catch (java.io.IOException ex) {
            // No event text in the message: it may hold ciphertexts only, but keep logs free of anything personal.
            throw new IllegalArgumentException("unreadable check-in event " + entry.id());
        }
    }

    private Duration dwell(long venueId) {
        int minutes = venues.find(venueId).map(v -> v.defaultDwellMinutes()).filter(m -> m > 0).orElse(VenueType.OTHER.defaultDwellMinutes());
        return Duration.ofMinutes(minutes);
    }
}
