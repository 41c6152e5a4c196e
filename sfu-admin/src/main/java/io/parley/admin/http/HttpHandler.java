package io.parley.admin.http;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.parley.admin.metrics.ServerMetrics;

/**
 * Plain HTTP requests: the demo client files, {@code /healthz} (the process is alive),
 * {@code /readyz} (it accepts participants: not while draining) and {@code /metrics}
 * (Prometheus text format) where configured. WebSocket upgrades never get here.
 */
@ChannelHandler.Sharable
final class HttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    /** Prometheus text exposition format 0.0.4. */
    private static final String METRICS_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final Duration SCRAPE_TIMEOUT = Duration.ofSeconds(2);

    private final StaticFiles files;
    private final ServerMetrics metrics;
    private final BooleanSupplier ready;

    /**
     * @param files   the demo client, or null on a metrics-only port
     * @param metrics served at /metrics, or null when they are on another port
     * @param ready   whether the server accepts participants
     */
    HttpHandler(StaticFiles files, ServerMetrics metrics, BooleanSupplier ready) {
        this.files = files;
        this.metrics = metrics;
        this.ready = ready;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            respond(ctx, request, HttpResponseStatus.BAD_REQUEST, "text/plain", bytes("bad request\n"));
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        if (path.equals("/healthz")) {
            respond(ctx, request, HttpResponseStatus.OK, "text/plain", bytes("ok\n"));
            return;
        }
        if (path.equals("/readyz")) {
            boolean isReady = ready.getAsBoolean();
            respond(ctx, request, isReady ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "text/plain", bytes(isReady ? "ready\n" : "draining\n"));
            return;
        }
        if (path.equals("/metrics") && metrics != null) {
            scrape(ctx, request);
            return;
        }
        StaticFiles.File file = files == null ? null : files.get(path);
        if (file == null) {
            respond(ctx, request, HttpResponseStatus.NOT_FOUND, "text/plain", bytes("not found\n"));
        } else if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
            respond(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain", bytes("use GET\n"));
        } else {
            respond(ctx, request, HttpResponseStatus.OK, file.contentType(), Unpooled.wrappedBuffer(file.content()));
        }
    }

    /** The scrape waits for the room loops; the I/O thread does not. */
    private void scrape(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        metrics.scrape(SCRAPE_TIMEOUT).whenComplete((text, error) -> {
            if (error != null) {
                respond(ctx, keepAlive, HttpResponseStatus.INTERNAL_SERVER_ERROR, "text/plain", bytes("scrape failed\n"));
            } else {
                respond(ctx, keepAlive, HttpResponseStatus.OK, METRICS_TYPE, bytes(text));
            }
        });
    }

    private static ByteBuf bytes(String text) {
        return Requests.text(text);
    }

    private static void respond(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
                                String contentType, ByteBuf body) {
        Requests.respond(ctx, HttpUtil.isKeepAlive(request), status, contentType, body);
    }

    private static void respond(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status,
                                String contentType, ByteBuf body) {
        Requests.respond(ctx, keepAlive, status, contentType, body);
    }
}
