package io.parley.admin.api;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import io.parley.admin.auth.AuthException;
import io.parley.admin.auth.Grant;
import io.parley.admin.auth.Tokens;
import io.parley.admin.http.Requests;
import io.parley.admin.signal.HttpSession;
import io.parley.admin.signal.SignalingContext;

/**
 * WHIP (RFC 9725) and WHEP ingest and egress, in the same rooms as WebSocket participants.
 * <pre>
 * POST   /whip/{room}                          SDP offer -> 201, SDP answer, Location /whip/{room}/{id}
 * DELETE /whip/{room}/{id}                     the publisher leaves
 * POST   /whep/{room}/{publisherId}            SDP offer -> 201, answer, Location /whep/{room}/{publisherId}/{id}
 * DELETE /whep/{room}/{publisherId}/{id}       the viewer leaves
 * </pre>
 * Every request needs a join token (Authorization: Bearer) for the room, with the publish grant
 * for WHIP and the subscribe grant for WHEP. Trickle and ICE restarts (PATCH) are answered 405, as
 * RFC 9725 §4.3.1 allows when the answer carries all candidates; so are other methods.
 */
@ChannelHandler.Sharable
public final class WhipWhepApi extends ChannelInboundHandlerAdapter {
    private static final String SDP = "application/sdp";
    private static final long ANSWER_TIMEOUT_SECONDS = 5;

    private final SignalingContext signaling;
    private final Tokens tokens;

    public WhipWhepApi(SignalingContext signaling, Tokens tokens) {
        this.signaling = signaling;
        this.tokens = tokens;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        String path = msg instanceof FullHttpRequest r ? new QueryStringDecoder(r.uri()).path() : "";
        boolean whip = path.startsWith("/whip/");
        if (!whip && !path.startsWith("/whep/")) {
            ctx.fireChannelRead(msg);
            return;
        }
        FullHttpRequest request = (FullHttpRequest) msg;
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        try {
            handle(ctx, request, keepAlive, whip, path.substring(6).split("/", -1));
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void handle(ChannelHandlerContext ctx, FullHttpRequest request, boolean keepAlive, boolean whip,
                        String[] parts) {
        int collection = whip ? 1 : 2;
        boolean isResource = parts.length == collection + 1;
        if (parts.length != collection && !isResource || parts[0].isEmpty()) {
            error(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, "not-found", "no such WHIP/WHEP endpoint");
            return;
        }
        String room = parts[0];
        Grant grant;
        try {
            grant = tokens.verify(Requests.bearerToken(request, false));
            if (!grant.allowsRoom(room)) {
                throw AuthException.forbidden("this token is for room '" + grant.room() + "'");
            }
        } catch (AuthException e) {
            error(ctx, keepAlive, HttpResponseStatus.valueOf(e.status()), e.code(), e.getMessage());
            return;
        }
        HttpMethod method = request.method();
        if (isResource && method.equals(HttpMethod.DELETE)) {
            switch (signaling.endHttpSession(room, parts[collection], grant)) {
                case ENDED -> Requests.respond(ctx, keepAlive,
                        Requests.response(HttpResponseStatus.OK, null, Unpooled.EMPTY_BUFFER));
                case NOT_FOUND -> error(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, "not-found", "no such session");
                case FORBIDDEN -> error(ctx, keepAlive, HttpResponseStatus.FORBIDDEN, "forbidden",
                        "only whoever opened this session, or an admin, may end it");
            }
            return;
        }
        if (isResource || !method.equals(HttpMethod.POST)) {
            FullHttpResponse r = Requests.response(HttpResponseStatus.METHOD_NOT_ALLOWED, null, Unpooled.EMPTY_BUFFER);
            r.headers().set(HttpHeaderNames.ALLOW, isResource ? "DELETE" : "POST");
            Requests.respond(ctx, keepAlive, r);
            return;
        }
        String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
        if (!type.toLowerCase(Locale.ROOT).startsWith(SDP)) {
            error(ctx, keepAlive, HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "bad-request",
                    "the body must be an SDP offer (Content-Type: application/sdp)");
            return;
        }
        String offer = request.content().toString(StandardCharsets.UTF_8);
        String base = whip ? "/whip/" + room : "/whep/" + room + "/" + parts[1];
        CompletableFuture<HttpSession.Answer> answer = whip ? signaling.whip(room, grant, tokens.now(), offer)
                : signaling.whep(room, parts[1], grant, tokens.now(), offer);
        answer.orTimeout(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS).whenComplete((a, failure) -> {
            if (failure == null) {
                FullHttpResponse r = Requests.response(HttpResponseStatus.CREATED, SDP, Requests.text(a.sdp()));
                r.headers().set(HttpHeaderNames.LOCATION, base + "/" + a.participantId());
                Requests.respond(ctx, keepAlive, r);
                return;
            }
            Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof HttpSession.Refused refused) {
                error(ctx, keepAlive, HttpResponseStatus.valueOf(refused.status()), errorCode(refused.status()),
                        refused.getMessage());
            } else {
                error(ctx, keepAlive, HttpResponseStatus.SERVICE_UNAVAILABLE, "internal", "no answer in time");
            }
        });
    }

    private static String errorCode(int status) {
        return switch (status) {
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 429, 503 -> "limit";
            case 500 -> "internal";
            default -> "bad-request";
        };
    }

    private static void error(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, String code,
                              String message) {
        Requests.error(ctx, keepAlive, status, code, message);
    }
}
