package vn.qrcheckin.gateway.proxy;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import vn.qrcheckin.web.ProblemMapper;

/** The gateway's own answers as RFC 9457 problems (what the services answer passes through untouched). */
final class Problems {

    private Problems() {
    }

    static Buffer body(int status, String detail, String path) {
        JsonObject body = new JsonObject().put("type", "about:blank").put("title", HttpResponseStatus.valueOf(status).reasonPhrase())
                .put("status", status).put("detail", detail);
        if (path != null && path.length() <= 200) {
            body.put("instance", path);
        }
        return body.toBuffer();
    }

    static void send(RoutingContext rc, int status, String detail) {
        HttpServerResponse response = rc.response();
        if (response.headWritten() || response.ended()) {
            return;
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, ProblemMapper.PROBLEM_JSON)
                .end(body(status, detail, rc.normalizedPath()));
    }
}
