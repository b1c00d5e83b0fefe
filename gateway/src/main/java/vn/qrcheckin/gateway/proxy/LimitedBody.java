package vn.qrcheckin.gateway.proxy;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.streams.ReadStream;
import vn.qrcheckin.web.ProblemMapper;

/**
 * A request body without a declared length, passed through chunk by chunk and counted: past the limit the
 * client hears 413 and the connection closes (the half-sent request to the service is dropped with it).
 */
final class LimitedBody implements ReadStream<Buffer> {

    private final ReadStream<Buffer> source;
    private final long max;
    private final HttpServerRequest request;
    private long seen;
    private Handler<Throwable> exceptionHandler;

    LimitedBody(ReadStream<Buffer> source, long max, HttpServerRequest request) {
        this.source = source;
        this.max = max;
        this.request = request;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        if (handler == null) {
            source.handler(null);
            return this;
        }
        source.handler(chunk -> {
            seen += chunk.length();
            if (seen > max) {
                source.handler(null);
                refuse();
                if (exceptionHandler != null) {
                    exceptionHandler.handle(new IllegalStateException("request body over " + max + " bytes"));
                }
                return;
            }
            handler.handle(chunk);
        });
        return this;
    }

    private void refuse() {
        HttpServerResponse response = request.response();
        if (!response.headWritten()) {
            response.setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, ProblemMapper.PROBLEM_JSON).putHeader(HttpHeaders.CONNECTION, "close")
                    .end(Problems.body(413, "the body is larger than " + max + " bytes", request.path()))
                    .onComplete(done -> request.connection().close());
        } else {
            request.connection().close();
        }
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        this.exceptionHandler = handler;
        source.exceptionHandler(handler);
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        source.pause();
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        source.resume();
        return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        source.fetch(amount);
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
        source.endHandler(endHandler);
        return this;
    }
}
