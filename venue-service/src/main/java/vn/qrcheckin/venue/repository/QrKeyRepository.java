package vn.qrcheckin.venue.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** QR signing keys; the private half is stored wrapped (encrypted) by the service. */
@ApplicationScoped
public class QrKeyRepository {

    public record StoredKey(String kid, byte[] publicKey, byte[] wrappedPrivateKey, Instant createdAt, boolean active,
            Instant retiredAt) {
    }

    private final Pool pool;

    public QrKeyRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<StoredKey>> findAll() {
        return pool.query("select kid, public_key, private_key_enc, created_at, active, retired_at from qr_signing_key order by created_at")
                .execute()
                .map(rows -> {
                    List<StoredKey> out = new ArrayList<>();
                    for (Row r : rows) {
                        OffsetDateTime retired = r.getOffsetDateTime(5);
                        out.add(new StoredKey(r.getString(0), r.getBuffer(1).getBytes(), r.getBuffer(2).getBytes(),
                                r.getOffsetDateTime(3).toInstant(), r.getBoolean(4), retired == null ? null : retired.toInstant()));
                    }
                    return out;
                });
    }

    /** Inserts a key as the only active one, retiring the previous active key in the same transaction. */
    public Uni<Void> activate(StoredKey key) {
        OffsetDateTime now = OffsetDateTime.ofInstant(key.createdAt(), ZoneOffset.UTC);
        return pool.withTransaction(conn -> conn
                .preparedQuery("update qr_signing_key set active = false, retired_at = $1 where active")
                .execute(Tuple.of(now))
                .chain(() -> conn.preparedQuery("insert into qr_signing_key (kid, public_key, private_key_enc, created_at, active) "
                        + "values ($1, $2, $3, $4, true)")
                        .execute(Tuple.of(key.kid(), Buffer.buffer(key.publicKey()), Buffer.buffer(key.wrappedPrivateKey()), now))))
                .replaceWithVoid();
    }

    /** Inserts a first key unless another instance got there first (the partial unique index decides). */
    public Uni<Void> insertIfNoActive(StoredKey key) {
        return pool.preparedQuery("insert into qr_signing_key (kid, public_key, private_key_enc, created_at, active) "
                + "values ($1, $2, $3, $4, true) on conflict do nothing")
                .execute(Tuple.of(key.kid(), Buffer.buffer(key.publicKey()), Buffer.buffer(key.wrappedPrivateKey()),
                        OffsetDateTime.ofInstant(key.createdAt(), ZoneOffset.UTC)))
                .replaceWithVoid();
    }
}
