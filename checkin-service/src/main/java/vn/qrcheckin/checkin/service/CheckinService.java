package vn.qrcheckin.checkin.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import jakarta.inject.Singleton;

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
import vn.qrcheckin.contracts.StreamNames;
import vn.qrcheckin.contracts.checkin.Channel;
import vn.qrcheckin.contracts.checkin.CheckinEvent;
import vn.qrcheckin.contracts.checkin.Direction;
import vn.qrcheckin.contracts.qr.InvalidQrTokenException;
import vn.qrcheckin.contracts.qr.QrToken;
import vn.qrcheckin.streams.venues.VenueFollower;
import vn.qrcheckin.streams.venues.VenueProjection.VenueState;
import vn.qrcheckin.web.FieldError;
import vn.qrcheckin.web.ProblemException;

/**
 * The ingestion path of every channel: check, pseudonymise and encrypt, then append to the venue's stream
 * partition at most once per id. No SQL here; one Redis round trip per partition touched.
 */
@Singleton // no client proxy: called on every check-in
public class CheckinService {


    /** The answer to an accepted check-in; a repeat of the same id gets exactly this again. */
    public record Accepted(String id, String status, long venueId, Instant acceptedAt, boolean venueSuspended) {

        /**
         * The JSON Jackson writes for this record, written directly for the single check-in answer (the
         * hot path; Jackson's writer was ~6 % of it). The id needs no escaping: only ids of A-Z a-z 0-9 _ -
         * are accepted.
         */
        public String toJson() {
            return "{\"id\":\"" + id + "\",\"status\":\"" + status + "\",\"venueId\":" + venueId + ",\"acceptedAt\":\"" + acceptedAt
                    + "\",\"venueSuspended\":" + venueSuspended + "}";
        }
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

    private record Prepared(int index, String id, int partition, long venueId, boolean suspended, Instant acceptedAt, String json) {
        /** What this id answers, now and on every repeat (see {@link CheckinService#answer}). */
        String answer() {
            return venueId + (suspended ? "|1|" : "|0|") + acceptedAt.toEpochMilli();
        }
    }

    /** Marks an item that could not be judged now; the batch answers 503 instead of rejecting it. */
    private static final String UNAVAILABLE = "cannot be verified right now";

    private final QrVerifier verifier;
    private final VenueFollower venues;
    private final IdentityProtector identity;
    private final Backpressure backpressure;
    private final CheckinStreams streams;
    private final CheckinConfig config;
    private final MeterRegistry metrics;
    private final Meters meters;

    public CheckinService(QrVerifier verifier, VenueFollower venues, IdentityProtector identity, Backpressure backpressure,
            CheckinStreams streams, CheckinConfig config, MeterRegistry metrics) {
        this.verifier = verifier;
        this.venues = venues;
        this.identity = identity;
        this.backpressure = backpressure;
        this.streams = streams;
        this.config = config;
        this.metrics = metrics;
        this.meters = new Meters(metrics);
    }

    /** One check-in: accepted (appended, or a repeat of an accepted id) or a problem naming the fields. */
    public Uni<Accepted> submit(Source source, CheckinRequest request) {
        return Uni.createFrom().completionStage(() -> submitNow(source, request));
    }

    /**
     * The same without Mutiny, for the national apps' hot path: a known venue code goes from the checks
     * straight to the Redis call (each Mutiny stage would capture and restore the SmallRye contexts). Fails
     * with the {@link ProblemException} itself, never wrapped.
     */
    public CompletionStage<Accepted> submitNow(Source source, CheckinRequest request) {
        long start = System.nanoTime();
        CompletionStage<Accepted> result;
        try {
            Checked checked = check(source, "", request);
            Prepared now = prepareNow(source, 0, "", request, checked);
            if (now != null) {
                refuseIfBackedUp(List.of(now), source.channel());
                result = appendOne(now, source.channel());
            } else {
                result = prepareLater(source, 0, "", request, checked).chain(p -> {
                    refuseIfBackedUp(List.of(p), source.channel());
                    return Uni.createFrom().completionStage(appendOne(p, source.channel()));
                }).subscribeAsCompletionStage();
            }
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Accepted> answer = new CompletableFuture<>();
        result.whenComplete((accepted, failure) -> {
            latency(source.channel(), start);
            if (failure == null) {
                answer.complete(accepted);
                return;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof ProblemException e) {
                refused(source.channel(), e);
            }
            answer.completeExceptionally(cause);
        });
        return answer;
    }

    /** Up to the configured number of check-ins; every valid item is accepted whatever the others. */
    public Uni<BatchAnswer> submitBatch(Source source, String listField, List<CheckinRequest> items) {
        if (items == null || items.isEmpty()) {
            throw ProblemException.invalid(listField, "must hold at least one check-in");
        }
        if (items.size() > config.limits().batchMaxItems()) {
            throw new ProblemException(413, "Batch too large", items.size() + " check-ins; at most " + config.limits().batchMaxItems()
                    + " per batch", List.of(new FieldError(listField, "at most " + config.limits().batchMaxItems())));
        }
        long start = System.nanoTime();
        ItemResult[] results = new ItemResult[items.size()];
        Prepared[] prepared = new Prepared[items.size()];
        // Items whose QR key is known are prepared here, without a Uni each (that machinery showed in
        // profiles); only codes signed with a key not fetched yet wait for venue-service's key set.
        List<Uni<Void>> waiting = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            int index = i;
            CheckinRequest item = items.get(i);
            String prefix = listField + "[" + i + "].";
            try {
                Checked checked = check(source, prefix, item);
                prepared[i] = prepareNow(source, i, prefix, item, checked);
                if (prepared[i] == null) {
                    waiting.add(prepareLater(source, i, prefix, item, checked).onItemOrFailure().transform((p, e) -> {
                        if (e != null) {
                            results[index] = rejected(listField, index, item, e, source.channel());
                        } else {
                            prepared[index] = p;
                        }
                        return null;
                    }));
                }
            } catch (RuntimeException e) {
                results[i] = rejected(listField, i, item, e, source.channel());
            }
        }
        Uni<Void> ready = waiting.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(waiting).andFailFast().replaceWithVoid();
        return ready.chain(() -> {
            // An item that could not be judged now (a signing key venue-service cannot hand over) is not
            // rejected: the whole batch is retried later, as an app does with a 503.
            for (ItemResult r : results) {
                if (r != null && r.errors() != null && r.errors().stream().anyMatch(f -> UNAVAILABLE.equals(f.message()))) {
                    throw ProblemException.unavailable("some check-ins cannot be verified right now; retry the batch", 2);
                }
            }
            List<Prepared> valid = new ArrayList<>(items.size());
            for (Prepared p : prepared) {
                if (p != null) {
                    valid.add(p);
                }
            }
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

    /** A check-in whose fields passed: its token, when already verified, or null when its key must be fetched. */
    private record Checked(Instant occurredAt, Instant now, ProtectedPerson person, QrToken token) {
    }

    /** Checks the fields and the token on the spot; throws a {@link ProblemException} naming the fields at fault. */
    private Checked check(Source source, String prefix, CheckinRequest r) {
        if (r == null) {
            throw ProblemException.invalid(prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1), "a check-in object is required");
        }
        List<FieldError> errors = new ArrayList<>();
        if (!validId(r.id())) {
            errors.add(new FieldError(prefix + "id", "must be 8 to 64 characters of A-Z a-z 0-9 _ -"));
        }
        // Milliseconds, like the answer a repeat of the id gets.
        Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
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
        // The code is checked with the other fields, so that one answer names every invalid field. A code
        // signed with a key not fetched yet is checked once the key is there (prepareLater).
        QrToken token = null;
        if (r.qr() == null) {
            // A venue named only by id (an offline queue, a logbook) carries no commune of its own: the venue
            // stream supplies it in build.
            token = r.venueId() == null ? null : new QrToken(r.venueId(), null, null);
        } else {
            try {
                token = verifier.verifyNow(r.qr());
            } catch (InvalidQrTokenException e) {
                errors.add(new FieldError(prefix + "qr", e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new Checked(occurredAt, now, person.get(), token);
    }

    /** Prepared on the spot, or null when the QR code's key is not known yet ({@link #prepareLater}). */
    private Prepared prepareNow(Source source, int index, String prefix, CheckinRequest r, Checked c) {
        return c.token() == null ? null : build(source, index, prefix, r, c.token(), c.occurredAt(), c.now(), c.person());
    }

    /** Prepared once the QR code's signing key has been fetched from venue-service. */
    private Uni<Prepared> prepareLater(Source source, int index, String prefix, CheckinRequest r, Checked c) {
        return verifier.verify(r.qr())
                .onFailure(InvalidQrTokenException.class).transform(e -> ProblemException.invalid(prefix + "qr", e.getMessage()))
                .map(t -> build(source, index, prefix, r, t, c.occurredAt(), c.now(), c.person()));
    }

    /** 8 to 64 of A-Z a-z 0-9 _ - (a loop: the regex showed in profiles of the ingestion path). */
    static boolean validId(String id) {
        if (id == null || id.length() < 8 || id.length() > 64) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
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
        CheckinEvent event = new CheckinEvent(CheckinEvent.SCHEMA, r.id(), venueId, commune, state == null ? null : state.districtCode(),
                state == null ? null : state.provinceCode(), p.idType(), p.ref(), p.numberEnc(), p.nameEnc(), p.phoneEnc(), p.phoneRef(),
                r.direction() == null ? Direction.IN : r.direction(), occurredAt, now, source.channel(), r.declaration(), suspended);
        return new Prepared(index, r.id(), StreamNames.partitionOf(venueId), venueId, suspended,
                now, event.toJson());
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
    private CompletionStage<Accepted> appendOne(Prepared p, Channel channel) {
        Append a = new Append(p.id(), p.json(), p.answer());
        return streams.appendNow(config.redis().keyPrefix(), p.partition(), config.streams().idempotencyWindow().toSeconds(), List.of(a))
                .thenApply(results -> {
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
                appends.add(new Append(p.id(), p.json(), p.answer()));
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

    /** The stored answer: "venueId|suspended (0/1)|acceptedAt epoch millis", what a repeat of the id is told. */
    private static Accepted answer(String id, Appended a) {
        String s = a.answer();
        int bar1 = s.indexOf('|');
        int bar2 = s.indexOf('|', bar1 + 1);
        return new Accepted(id, "ACCEPTED", Long.parseLong(s, 0, bar1, 10), Instant.ofEpochMilli(Long.parseLong(s, bar2 + 1, s.length(), 10)),
                s.charAt(bar1 + 1) == '1');
    }

    private ItemResult rejected(String listField, int index, CheckinRequest item, Throwable e, Channel channel) {
        List<FieldError> errors;
        if (e instanceof ProblemException p && p.status() == 503) {
            errors = List.of(new FieldError(listField + "[" + index + "]", UNAVAILABLE));
        } else if (e instanceof ProblemException p) {
            errors = p.errors().isEmpty() ? List.of(new FieldError(listField + "[" + index + "]", p.getMessage())) : p.errors();
            refused(channel, p);
        } else {
            errors = List.of(new FieldError(listField + "[" + index + "]", "could not be read"));
            count("checkins_refused_total", channel, "other");
        }
        return new ItemResult(index, item == null ? null : item.id(), "REJECTED", null, null, null, errors);
    }

    private void refused(Channel channel, ProblemException e) {
        String field = e.errors().isEmpty() ? "other" : e.errors().get(0).field().replaceAll("^[a-z]+\\[\\d+]\\.", "").replaceAll("\\..*", "");
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
}
