package vn.qrcheckin.checkin.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import vn.qrcheckin.checkin.config.CheckinConfig;
import vn.qrcheckin.checkin.domain.CheckinRequest;
import vn.qrcheckin.checkin.messaging.CheckinStreams;
import vn.qrcheckin.checkin.messaging.CheckinStreams.Append;
import vn.qrcheckin.checkin.messaging.CheckinStreams.Appended;
import vn.qrcheckin.checkin.service.IdentityProtector.ProtectedPerson;
import vn.qrcheckin.checkin.service.VenueDirectory.VenueState;
import vn.qrcheckin.contracts.StreamNames;
import vn.qrcheckin.contracts.checkin.Channel;
import vn.qrcheckin.contracts.checkin.CheckinEvent;
import vn.qrcheckin.contracts.checkin.Direction;
import vn.qrcheckin.contracts.qr.InvalidQrTokenException;
import vn.qrcheckin.contracts.qr.QrToken;
import vn.qrcheckin.web.FieldError;
import vn.qrcheckin.web.ProblemException;

/**
 * The ingestion path of every channel: check, pseudonymise and encrypt, then append to the venue's stream
 * partition at most once per id. No SQL here; one Redis round trip per partition touched.
 */
@ApplicationScoped
public class CheckinService {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{8,64}");

    /** The answer to an accepted check-in; a repeat of the same id gets exactly this again. */
    public record Accepted(String id, String status, long venueId, Instant acceptedAt, boolean venueSuspended) {
    }

    /** One item of a batch: accepted (as above) or rejected with the fields at fault. */
    public record ItemResult(int index, String id, String status, Long venueId, Instant acceptedAt, Boolean venueSuspended,
            List<FieldError> errors) {
    }

    public record BatchAnswer(int accepted, int rejected, List<ItemResult> results) {
    }

    /**
     * Extra venue rule of a channel (a scanner may only scan for its own venue): returns an error message,
     * or null when allowed. Gets the venue's state, or null when the venue is not known yet.
     */
    @FunctionalInterface
    public interface VenueRule extends BiFunction<Long, VenueState, String> {
        VenueRule ANY = (id, state) -> null;
    }

    /** Where a check-in comes from, as decided by the resource (never by the body). */
    public record Source(Channel channel, String appNamespace, VenueRule venueRule) {
    }

    private record Prepared(int index, String id, int partition, long venueId, boolean suspended, String json) {
    }

    private final QrVerifier verifier;
    private final VenueDirectory venues;
    private final IdentityProtector identity;
    private final Backpressure backpressure;
    private final CheckinStreams streams;
    private final ObjectMapper json;
    private final CheckinConfig config;
    private final MeterRegistry metrics;
    private final Meters meters;

    public CheckinService(QrVerifier verifier, VenueDirectory venues, IdentityProtector identity, Backpressure backpressure,
            CheckinStreams streams, ObjectMapper json, CheckinConfig config, MeterRegistry metrics) {
        this.verifier = verifier;
        this.venues = venues;
        this.identity = identity;
        this.backpressure = backpressure;
        this.streams = streams;
        this.json = json;
        this.config = config;
        this.metrics = metrics;
        this.meters = new Meters(metrics);
    }

    /** One check-in: accepted (appended, or a repeat of an accepted id) or a problem naming the fields. */
    public Uni<Accepted> submit(Source source, CheckinRequest request) {
        long start = System.nanoTime();
        return prepare(source, 0, "", request).chain(p -> {
            refuseIfBackedUp(List.of(p), source.channel());
            return appendOne(p, source.channel());
        }).onItemOrFailure().invoke((item, failure) -> {
            latency(source.channel(), start);
            if (failure instanceof ProblemException e) {
                refused(source.channel(), e);
            }
        });
    }

    /** Up to the configured number of check-ins; every valid item is accepted whatever the others. */
    public Uni<BatchAnswer> submitBatch(Source source, List<CheckinRequest> items) {
        if (items == null || items.isEmpty()) {
            throw ProblemException.invalid("items", "must hold at least one check-in");
        }
        if (items.size() > config.limits().batchMaxItems()) {
            throw new ProblemException(413, "Batch too large", items.size() + " check-ins; at most " + config.limits().batchMaxItems()
                    + " per batch", List.of(new FieldError("items", "at most " + config.limits().batchMaxItems())));
        }
        long start = System.nanoTime();
        ItemResult[] results = new ItemResult[items.size()];
        List<Uni<Prepared>> prepared = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            int index = i;
            CheckinRequest item = items.get(i);
            prepared.add(prepare(source, i, "items[" + i + "].", item).onFailure().recoverWithItem(e -> {
                results[index] = rejected(index, item, e, source.channel());
                return null;
            }));
        }
        return Uni.join().all(prepared).andFailFast().chain(list -> {
            List<Prepared> valid = list.stream().filter(p -> p != null).toList();
            refuseIfBackedUp(valid, source.channel());
            return append(valid, source.channel()).map(accepted -> {
                for (int i = 0; i < valid.size(); i++) {
                    Accepted a = accepted.get(i);
                    results[valid.get(i).index()] = new ItemResult(valid.get(i).index(), a.id(), a.status(), a.venueId(), a.acceptedAt(),
                            a.venueSuspended(), null);
                }
                return new BatchAnswer(valid.size(), items.size() - valid.size(), Arrays.asList(results));
            });
        }).eventually(() -> latency(source.channel(), start));
    }

    private Uni<Prepared> prepare(Source source, int index, String prefix, CheckinRequest r) {
        if (r == null) {
            return Uni.createFrom().failure(ProblemException.invalid(prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1),
                    "a check-in object is required"));
        }
        List<FieldError> errors = new ArrayList<>();
        if (r.id() == null || !ID.matcher(r.id()).matches()) {
            errors.add(new FieldError(prefix + "id", "must be 8 to 64 characters of A-Z a-z 0-9 _ -"));
        }
        Instant now = Instant.now();
        Instant occurredAt = r.occurredAt() == null ? now : r.occurredAt();
        if (occurredAt.isAfter(now.plus(config.limits().maxFuture()))) {
            errors.add(new FieldError(prefix + "occurredAt", "is more than " + config.limits().maxFuture().toMinutes() + " minutes in the future"));
        } else if (occurredAt.isBefore(now.minus(config.limits().retention()))) {
            errors.add(new FieldError(prefix + "occurredAt", "is older than the " + config.limits().retention().toDays() + "-day retention window"));
        }
        if (r.qr() == null && r.venueId() == null) {
            errors.add(new FieldError(prefix + "qr", "the scanned QR content (or venueId) is required"));
        }
        Optional<ProtectedPerson> person = identity.protect(r.person(), source.appNamespace(), prefix + "person", errors);
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.invalid(errors));
        }
        // A venue named only by id (an offline queue, a logbook) carries no commune of its own: the venue
        // stream supplies it below. A known code is checked on the spot; only an unknown key waits.
        if (r.qr() == null) {
            return done(() -> build(source, index, prefix, r, new QrToken(r.venueId(), null, null), occurredAt, now, person.get()));
        }
        QrToken known;
        try {
            known = verifier.verifyNow(r.qr());
        } catch (InvalidQrTokenException e) {
            return Uni.createFrom().failure(ProblemException.invalid(prefix + "qr", e.getMessage()));
        }
        if (known != null) {
            return done(() -> build(source, index, prefix, r, known, occurredAt, now, person.get()));
        }
        return verifier.verify(r.qr())
                .onFailure(InvalidQrTokenException.class).transform(e -> ProblemException.invalid(prefix + "qr", e.getMessage()))
                .map(t -> build(source, index, prefix, r, t, occurredAt, now, person.get()));
    }

    private static Uni<Prepared> done(java.util.function.Supplier<Prepared> work) {
        try {
            return Uni.createFrom().item(work.get());
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
    }

    private Prepared build(Source source, int index, String prefix, CheckinRequest r, QrToken token, Instant occurredAt, Instant now,
            ProtectedPerson p) {
        if (r.qr() != null && r.venueId() != null && r.venueId() != token.venueId()) {
            throw ProblemException.invalid(prefix + "venueId", "does not match the venue of the QR code");
        }
        long venueId = token.venueId();
        VenueState state = venues.find(venueId).orElse(null);
        if (token.communeCode() == null && state == null) {
            throw ProblemException.invalid(prefix + "venueId", "unknown venue " + venueId);
        }
        String denied = source.venueRule().apply(venueId, state);
        if (denied != null) {
            throw new ProblemException(403, "Forbidden", denied, List.of(new FieldError(prefix + "venueId", denied)));
        }
        // The stream knows where the venue is now; the token, where it was when the poster was printed.
        String commune = state != null ? state.communeCode() : token.communeCode();
        boolean suspended = state != null && state.suspended();
        CheckinEvent event = new CheckinEvent(r.id(), venueId, commune, state == null ? null : state.districtCode(),
                state == null ? null : state.provinceCode(), p.idType(), p.ref(), p.numberEnc(), p.nameEnc(), p.phoneEnc(),
                r.direction() == null ? Direction.IN : r.direction(), occurredAt, now, source.channel(), r.declaration(), suspended);
        return new Prepared(index, r.id(), StreamNames.partitionOf(venueId, config.streams().partitions()), venueId, suspended,
                toJson(event));
    }

    private void refuseIfBackedUp(List<Prepared> items, Channel channel) {
        for (Prepared p : items) {
            if (backpressure.engaged(p.partition())) {
                count("checkins_refused_total", channel, "backpressure");
                throw ProblemException.unavailable("check-ins are arriving faster than they are processed; retry later",
                        backpressure.retryAfterSeconds());
            }
        }
    }

    /** One check-in: one function call, no fan-out machinery (the hot path of the national apps). */
    private Uni<Accepted> appendOne(Prepared p, Channel channel) {
        Append a = new Append(p.id(), p.json(), p.venueId() + "|" + (p.suspended() ? 1 : 0));
        return streams.append(config.redis().keyPrefix(), p.partition(), config.streams().idempotencyWindow().toSeconds(), List.of(a))
                .map(results -> {
                    Appended r = results.get(0);
                    (r.fresh() ? meters.accepted(channel) : meters.duplicates(channel)).increment();
                    return answer(p.id(), r);
                });
    }

    /** Appends per partition, in parallel across partitions; answers in the order of {@code items}. */
    private Uni<List<Accepted>> append(List<Prepared> items, Channel channel) {
        if (items.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        long ttl = config.streams().idempotencyWindow().toSeconds();
        Map<Integer, List<Integer>> positions = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            positions.computeIfAbsent(items.get(i).partition(), k -> new ArrayList<>()).add(i);
        }
        Accepted[] answers = new Accepted[items.size()];
        List<Uni<Void>> calls = new ArrayList<>(positions.size());
        for (Map.Entry<Integer, List<Integer>> e : positions.entrySet()) {
            List<Integer> at = e.getValue();
            List<Append> appends = new ArrayList<>(at.size());
            for (int i : at) {
                Prepared p = items.get(i);
                appends.add(new Append(p.id(), p.json(), p.venueId() + "|" + (p.suspended() ? 1 : 0)));
            }
            calls.add(streams.append(config.redis().keyPrefix(), e.getKey(), ttl, appends).invoke(results -> {
                for (int k = 0; k < at.size(); k++) {
                    Appended a = results.get(k);
                    answers[at.get(k)] = answer(items.get(at.get(k)).id(), a);
                    (a.fresh() ? meters.accepted(channel) : meters.duplicates(channel)).increment();
                }
            }).replaceWithVoid());
        }
        return Uni.join().all(calls).andFailFast().map(v -> Arrays.asList(answers));
    }

    private static Accepted answer(String id, Appended a) {
        String[] suffix = a.answerSuffix().split("\\|");
        long millis = Long.parseLong(a.entryId().substring(0, a.entryId().indexOf('-')));
        return new Accepted(id, "ACCEPTED", Long.parseLong(suffix[0]), Instant.ofEpochMilli(millis), "1".equals(suffix[1]));
    }

    private ItemResult rejected(int index, CheckinRequest item, Throwable e, Channel channel) {
        List<FieldError> errors;
        if (e instanceof ProblemException p) {
            errors = p.errors().isEmpty() ? List.of(new FieldError("items[" + index + "]", p.getMessage())) : p.errors();
            refused(channel, p);
        } else {
            errors = List.of(new FieldError("items[" + index + "]", "could not be read"));
            count("checkins_refused_total", channel, "other");
        }
        return new ItemResult(index, item == null ? null : item.id(), "REJECTED", null, null, null, errors);
    }

    private void refused(Channel channel, ProblemException e) {
        String field = e.errors().isEmpty() ? "other" : e.errors().get(0).field().replaceAll("^items\\[\\d+]\\.", "").replaceAll("\\..*", "");
        count("checkins_refused_total", channel, field);
    }

    private void count(String name, Channel channel, String reason) {
        metrics.counter(name, "channel", channel.name(), "reason", reason).increment();
    }

    private void latency(Channel channel, long startNanos) {
        meters.latency(channel).record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    /** Meters looked up once per channel: a registry look-up per check-in showed in profiles. */
    static final class Meters {
        private final EnumMap<Channel, Counter> accepted = new EnumMap<>(Channel.class);
        private final EnumMap<Channel, Counter> duplicates = new EnumMap<>(Channel.class);
        private final EnumMap<Channel, Timer> latency = new EnumMap<>(Channel.class);

        Meters(MeterRegistry registry) {
            for (Channel c : Channel.values()) {
                accepted.put(c, Counter.builder("checkins_accepted_total").description("check-ins appended").tag("channel", c.name())
                        .register(registry));
                duplicates.put(c, Counter.builder("checkins_duplicates_total").description("repeats of an accepted id")
                        .tag("channel", c.name()).register(registry));
                latency.put(c, Timer.builder("checkins_latency").description("time to answer a check-in or a batch")
                        .tag("channel", c.name()).publishPercentileHistogram().register(registry));
            }
        }

        Counter accepted(Channel c) {
            return accepted.get(c);
        }

        Counter duplicates(Channel c) {
            return duplicates.get(c);
        }

        Timer latency(Channel c) {
            return latency.get(c);
        }
    }

    private String toJson(CheckinEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise check-in", e);
        }
    }
}
