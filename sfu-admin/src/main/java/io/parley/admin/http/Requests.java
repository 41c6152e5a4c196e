package io.parley.admin.http;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;

/** Small helpers shared by the HTTP handlers: tokens in, responses out. */
public final class Requests {
    private static final String BEARER = "Bearer ";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Requests() {
    }

    /**
     * The bearer token (RFC 6750 §2.1 header, or §2.3 {@code token} query parameter, which is all
     * a browser's WebSocket can send), or null.
     */
    public static String bearerToken(HttpRequest request, boolean queryAllowed) {
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return header.substring(BEARER.length()).strip();
        }
        if (queryAllowed) {
            List<String> q = new QueryStringDecoder(request.uri()).parameters().get("token");
            if (q != null && !q.isEmpty()) {
                return q.get(0);
            }
        }
        return null;
    }

    public static ByteBuf text(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    }

    /** A JSON error body: {@code {"error": {"code": ..., "message": ...}}}. */
    public static void error(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, String code,
                      String message) {
        respond(ctx, keepAlive, errorResponse(status, code, message));
    }

    public static FullHttpResponse errorResponse(HttpResponseStatus status, String code, String message) {
        var body = JSON.createObjectNode();
        body.putObject("error").put("code", code).put("message", message);
        return response(status, "application/json", text(body.toString()));
    }

    static void respond(ChannelHandlerContext ctx, boolean requestKeepAlive, HttpResponseStatus status,
                        String contentType, ByteBuf body) {
        respond(ctx, requestKeepAlive, response(status, contentType, body));
    }

    public static FullHttpResponse response(HttpResponseStatus status, String contentType, ByteBuf body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        if (contentType != null) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
        HttpUtil.setContentLength(response, body.readableBytes());
        return response;
    }

    public static void respond(ChannelHandlerContext ctx, boolean requestKeepAlive, FullHttpResponse response) {
        boolean keepAlive = requestKeepAlive && response.status().code() < 400;
        HttpUtil.setKeepAlive(response, keepAlive);
        var future = ctx.writeAndFlush(response);
        if (!keepAlive) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
