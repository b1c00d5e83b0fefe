package vn.qrcheckin.streams.consumer;

import java.util.List;

import io.smallrye.mutiny.Uni;

/**
 * Where a consumer group's entries go: one bean per consuming service (tracing's visits, report's roll-ups).
 *
 * {@link #write} must store the batch in one database transaction and be idempotent: an entry can arrive
 * again after a crash between commit and acknowledgement, or after a claim, so the write is keyed on the
 * check-in id (or stream entry id) and a repeat changes nothing. The consumer acknowledges the batch only after
 * the returned Uni completes.
 */
public interface BatchSink {

    /** Stores the batch in one transaction; fails if nothing was stored. */
    Uni<Void> write(List<StreamEntry> batch);

    /**
     * Whether the store answers at all. Called when every entry of a batch failed on its own: a failing store
     * is an outage (wait, retry, dead-letter nothing); a store that answers means the entries are poison.
     */
    default Uni<Void> probe() {
        return Uni.createFrom().voidItem();
    }
}
