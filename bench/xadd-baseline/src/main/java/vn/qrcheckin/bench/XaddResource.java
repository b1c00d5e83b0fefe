package vn.qrcheckin.bench;

import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;

/** The least an ingestion endpoint can do: take the body and XADD it, awaited. */
@Path("/xadd")
public class XaddResource {

    private final ReactiveRedisDataSource redis;

    public XaddResource(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> xadd(String body) {
        return redis.stream(String.class).xadd("bench:baseline", Map.of("event", body)).map(id -> Response.accepted().build());
    }
}
