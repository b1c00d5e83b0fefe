package vn.qrcheckin.gateway.proxy;

import java.net.ConnectException;
import java.net.URI;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyOptions;
import io.vertx.httpproxy.ProxyResponse;
import vn.qrcheckin.gateway.config.GatewayConfig;
import vn.qrcheckin.web.ProblemMapper;

/**
 * One service behind the gateway: a pooled HTTP client to it, Vert.x's reverse proxy over that client
 * (request and answer bodies stream through, neither is held whole), a time limit on its silence and a circuit
 * breaker. When the service cannot be reached the caller hears 502, when it stays silent past the limit 504,
 * and while the breaker is open 503 with Retry-After, at once, without a connection attempt: a dead service
 * costs its callers nothing but the answer.
 */
final class Upstream {

    private static final Logger LOG = Logger.getLogger(Upstream.class);
    private static final int HUNG_UP = 499;

    final String name;
    final HttpProxy proxy;
    final CircuitBreaker breaker;
    private final HttpClient client;
    private final long retryAfterSeconds;

    Upstream(String name, GatewayConfig.Upstream config, Vertx vertx, long maxBody) {
        this.name = name;
        URI url = config.url();
        boolean tls = "https".equalsIgnoreCase(url.getScheme());
        String host = url.getHost();
        int port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;
        this.client = vertx.createHttpClient(new HttpClientOptions().setSsl(tls).setKeepAlive(true)
                .setConnectTimeout((int) config.connectTimeout().toMillis()).setDefaultHost(host).setDefaultPort(port),
                new PoolOptions().setHttp1MaxSize(config.maxConnections()));
        this.breaker = CircuitBreaker.create("upstream-" + name, vertx, new CircuitBreakerOptions()
                .setMaxFailures(config.breaker().maxFailures())
                .setFailuresRollingWindow(config.breaker().window().toMillis())
                .setResetTimeout(config.breaker().openFor().toMillis())
                .setTimeout(-1)); // the request's own idle timeout below bounds each call
        this.breaker.openHandler(v -> LOG.warnf("circuit to %s opened: its calls are answered 503 for %s", name, config.breaker().openFor()))
                .closeHandler(v -> LOG.infof("circuit to %s closed", name));
        this.retryAfterSeconds = Math.max(1, config.breaker().openFor().toSeconds());
        SocketAddress server = SocketAddress.inetSocketAddress(port, host);
        long idle = config.timeout().toMillis();
        long connect = config.connectTimeout().toMillis();
        this.proxy = HttpProxy.reverseProxy(new ProxyOptions().setSupportWebSocket(false), client)
                .origin(ctx -> client.request(new RequestOptions().setServer(server).setIdleTimeout(idle).setConnectTimeout(connect))
                        .onSuccess(call -> {
                            // The caller hung up before the service answered: the call ends too (else the service would
                            // wait for a body that never comes). Once the answer has begun, the proxy's pipe ends it.
                            HttpServerResponse caller = ctx.request().proxiedRequest().response();
                            if (caller.closed()) {
                                call.reset();
                            } else {
                                caller.closeHandler(v -> {
                                    if (!call.response().isComplete()) {
                                        call.reset();
                                    }
                                });
                            }
                        }));
        this.proxy.addInterceptor(new Guard(maxBody));
    }

    void close() {
        client.close();
    }

    /** Breaker, time limit and size limit around each call; the problems the gateway answers in the service's stead. */
    private final class Guard implements ProxyInterceptor {

        private final long maxBody;

        Guard(long maxBody) {
            this.maxBody = maxBody;
        }

        @Override
        public Future<ProxyResponse> handleProxyRequest(ProxyContext ctx) {
            Body body = ctx.request().getBody();
            if (body != null && body.length() < 0) {
                // No Content-Length (chunked): counted as it streams through; HttpEdge already refused a declared one too large.
                ctx.request().setBody(Body.body(new LimitedBody(body.stream(), maxBody, ctx.request().proxiedRequest())));
            }
            HttpServerResponse caller = ctx.request().proxiedRequest().response();
            // A call cut short because the caller hung up says nothing of the service: not counted against its circuit.
            return breaker.<ProxyResponse> execute(p -> ctx.sendRequest().onComplete(ar -> {
                if (ar.failed() && caller.closed()) {
                    p.complete(null);
                } else {
                    p.handle(ar);
                }
            })).recover(failure -> Future.succeededFuture(problem(ctx, failure)))
                    .map(response -> response != null ? response : hungUp(ctx));
        }

        /**
         * The caller left before the answer: 499 (nginx's "client closed request"), which nobody receives but the
         * metrics count, rather than the proxy's 502 that would tell the operators a service failed.
         */
        private ProxyResponse hungUp(ProxyContext ctx) {
            ProxyResponse response = ctx.request().response();
            response.headers().clear();
            return response.setStatusCode(HUNG_UP).setStatusMessage("Client Closed Request").setBody(Body.body(io.vertx.core.buffer.Buffer.buffer()));
        }

        private ProxyResponse problem(ProxyContext ctx, Throwable failure) {
            int status;
            String detail;
            if (failure instanceof OpenCircuitException) {
                status = 503;
                detail = name + " is failing: the gateway stopped calling it for a moment; retry after " + retryAfterSeconds + " s";
            } else if (failure instanceof TimeoutException || failure.getClass().getSimpleName().contains("Timeout")) {
                status = 504;
                detail = name + " did not answer in time";
            } else {
                status = 502;
                detail = name + " could not be reached";
                if (!(failure instanceof ConnectException)) {
                    LOG.debugf("call to %s failed: %s", name, failure.getClass().getName());
                }
            }
            HttpServerRequest incoming = ctx.request().proxiedRequest();
            // A body the service never read: dropped, so that the connection can serve the client's next request.
            if (!incoming.isEnded()) {
                try {
                    incoming.handler(ignored -> {
                    });
                    incoming.resume();
                } catch (IllegalStateException alreadyRead) {
                    // the proxy had begun sending it
                }
            }
            ProxyResponse response = ctx.request().response();
            response.headers().clear();
            response.setStatusCode(status).setStatusMessage(io.netty.handler.codec.http.HttpResponseStatus.valueOf(status).reasonPhrase()).putHeader(HttpHeaders.CONTENT_TYPE, ProblemMapper.PROBLEM_JSON);
            if (status == 503) {
                response.putHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
            }
            return response.setBody(Body.body(Problems.body(status, detail, incoming.path())));
        }
    }
}
