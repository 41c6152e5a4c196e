package io.parley.admin.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import io.parley.admin.auth.AuthException;
import io.parley.admin.auth.Grant;
import io.parley.admin.auth.Tokens;
import io.parley.admin.http.Requests;
import io.parley.admin.signal.SignalingContext;
import io.parley.core.room.Participant;
import io.parley.core.room.Room;
import io.parley.core.room.Subscription;
import io.parley.core.room.Track;

/**
 * {@code /admin/v1}: JSON in and out, errors as {@code {"error": {"code", "message"}}}.
 * <pre>
 * GET    /admin/v1/rooms                                     rooms with participant counts
 * GET    /admin/v1/rooms/{room}                              participants, tracks, bitrates, loss, RTT
 * POST   /admin/v1/rooms/{room}/participants/{id}/mute       {"kind": "audio"|"video", "muted": bool}
 * DELETE /admin/v1/rooms/{room}/participants/{id}            remove a participant
 * DELETE /admin/v1/rooms/{room}                              close a room: remove everyone
 * </pre>
 * An admin token for one room sees and manages that room only. Requests other than to
 * {@code /admin/} pass through to the next handler.
 */
@ChannelHandler.Sharable
public final class AdminApi extends ChannelInboundHandlerAdapter {
    private static final String PREFIX = "/admin/v1/";
    private static final long ROOM_TIMEOUT_SECONDS = 2;
    private static final double NANOS_PER_MILLI = 1_000_000.0;

    private final SignalingContext signaling;
    private final Tokens tokens;
    private final ObjectMapper json = new ObjectMapper();

    public AdminApi(SignalingContext signaling, Tokens tokens) {
        this.signaling = signaling;
        this.tokens = tokens;
    }

    /** An error answer: an HTTP status, a code and a message. */
    private static final class ApiError extends Exception {
        final HttpResponseStatus status;
        final String code;

        ApiError(HttpResponseStatus status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request) || !new QueryStringDecoder(request.uri()).path().startsWith("/admin/")) {
            ctx.fireChannelRead(msg);
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        try {
            Grant grant = authorize(request);
            route(request, grant).orTimeout(ROOM_TIMEOUT_SECONDS, TimeUnit.SECONDS).whenComplete((response, error) -> {
                if (error == null) {
                    send(ctx, keepAlive, response);
                } else {
                    Throwable cause = error.getCause() != null ? error.getCause() : error;
                    send(ctx, keepAlive, cause instanceof ApiError e ? errorResponse(e)
                            : errorResponse(new ApiError(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal",
                                    "the room did not answer")));
                }
            });
        } catch (ApiError e) {
            send(ctx, keepAlive, errorResponse(e));
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private Grant authorize(FullHttpRequest request) throws ApiError {
        try {
            Grant grant = tokens.verify(Requests.bearerToken(request, false));
            if (!grant.admin()) {
                throw AuthException.forbidden("this token has no admin grant");
            }
            return grant;
        } catch (AuthException e) {
            throw new ApiError(HttpResponseStatus.valueOf(e.status()), e.code(), e.getMessage());
        }
    }

    /**
     * An admin grant reaches the rooms its {@code room} claim names: all of them for {@code *},
     * else that one room (an app may hand a call's host the right to manage only that call).
     */
    private CompletableFuture<FullHttpResponse> route(FullHttpRequest request, Grant grant) throws ApiError {
        String path = new QueryStringDecoder(request.uri()).path();
        if (!path.startsWith(PREFIX)) {
            throw notFound("no such endpoint: " + path);
        }
        String[] parts = path.substring(PREFIX.length()).split("/", -1);
        HttpMethod method = request.method();
        if (parts.length == 1 && parts[0].equals("rooms")) {
            requireMethod(method, HttpMethod.GET);
            return listRooms(grant);
        }
        if (parts.length < 2 || !parts[0].equals("rooms") || parts[1].isEmpty()) {
            throw notFound("no such endpoint: " + path);
        }
        if (!grant.allowsRoom(parts[1])) {
            throw new ApiError(HttpResponseStatus.FORBIDDEN, "forbidden",
                    "this admin token is for room '" + grant.room() + "' only");
        }
        Room room = signaling.room(parts[1]);
        if (room == null) {
            throw notFound("no room '" + parts[1] + "'");
        }
        if (parts.length == 2) {
            if (method.equals(HttpMethod.DELETE)) {
                return onLoop(room, () -> {
                    for (Participant p : room.participants()) {
                        signaling.removeParticipant(p.id(), "the room was closed by an operator");
                    }
                    return noContent();
                });
            }
            requireMethod(method, HttpMethod.GET);
            return onLoop(room, () -> ok(describe(room)));
        }
        if (parts.length >= 4 && parts[2].equals("participants")) {
            String id = parts[3];
            if (parts.length == 4) {
                requireMethod(method, HttpMethod.DELETE);
                return onLoop(room, () -> {
                    requireParticipant(room, id);
                    signaling.removeParticipant(id, "removed by an operator");
                    return noContent();
                });
            }
            if (parts.length == 5 && parts[4].equals("mute")) {
                requireMethod(method, HttpMethod.POST);
                MuteRequest mute = MuteRequest.parse(json, request.content().toString(StandardCharsets.UTF_8));
                if (mute == null) {
                    throw new ApiError(HttpResponseStatus.BAD_REQUEST, "bad-request",
                            "the body must be {\"kind\": \"audio\"|\"video\", \"muted\": true|false}");
                }
                return onLoop(room, () -> mute(room, requireParticipant(room, id), mute));
            }
        }
        throw notFound("no such endpoint: " + path);
    }

    private record MuteRequest(String kind, boolean muted) {
        static MuteRequest parse(ObjectMapper json, String body) {
            try {
                JsonNode n = json.readTree(body);
                String kind = n == null ? "" : n.path("kind").asText("");
                if ((kind.equals("audio") || kind.equals("video")) && n.path("muted").isBoolean()) {
                    return new MuteRequest(kind, n.path("muted").booleanValue());
                }
            } catch (IOException e) {
                return null;
            }
            return null;
        }
    }

    private FullHttpResponse mute(Room room, Participant p, MuteRequest mute) throws ApiError {
        boolean found = false;
        for (Track t : p.tracks()) {
            if (t.kind().sdpName().equals(mute.kind())) {
                room.setMutedByOperator(t, mute.muted());
                found = true;
            }
        }
        if (!found) {
            throw notFound(p.id() + " publishes no " + mute.kind());
        }
        return ok(json.createObjectNode().put("participantId", p.id()).put("kind", mute.kind())
                .put("muted", mute.muted()));
    }

    private CompletableFuture<FullHttpResponse> listRooms(Grant grant) {
        List<CompletableFuture<ObjectNode>> each = new ArrayList<>();
        for (Room r : signaling.activeRooms()) {
            if (!grant.allowsRoom(r.name())) {
                continue;
            }
            each.add(CompletableFuture.supplyAsync(() -> json.createObjectNode().put("name", r.name())
                    .put("participants", r.participants().size()), r.loop()));
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenApply(done -> {
            ObjectNode body = json.createObjectNode();
            ArrayNode rooms = body.putArray("rooms");
            each.forEach(f -> rooms.add(f.join()));
            return ok(body);
        });
    }

    /** The room as operators see it; runs on the room's loop. */
    private ObjectNode describe(Room room) {
        ObjectNode body = json.createObjectNode().put("name", room.name());
        ArrayNode participants = body.putArray("participants");
        for (Participant p : room.participants()) {
            ObjectNode pn = participants.addObject().put("id", p.id()).put("name", p.name());
            millis(pn, "rttMs", p.rttNanos());
            if (p.estimatedBitrate() >= 0) {
                pn.put("estimatedBitrateBps", p.estimatedBitrate());
            }
            ArrayNode tracks = pn.putArray("tracks");
            for (Track t : p.tracks()) {
                tracks.addObject().put("id", t.id()).put("kind", t.kind().sdpName()).put("muted", t.isMuted())
                        .put("mutedByOperator", t.isMutedByOperator()).put("bitrateBps", t.bitrateBps())
                        .put("subscribers", t.subscriptions().size());
            }
            ArrayNode subs = pn.putArray("subscriptions");
            for (Subscription s : p.subscriptions()) {
                ObjectNode sn = subs.addObject().put("trackId", s.track().id()).put("muted", s.isMuted())
                        .put("fractionLost", s.fractionLost());
                millis(sn, "rttMs", s.rttNanos());
            }
        }
        return body;
    }

    private static void millis(ObjectNode node, String field, long nanos) {
        if (nanos >= 0) {
            node.put(field, Math.round(nanos / NANOS_PER_MILLI * 10) / 10.0);
        }
    }

    private static Participant requireParticipant(Room room, String id) throws ApiError {
        Participant p = room.participant(id);
        if (p == null) {
            throw notFound("no participant '" + id + "' in room '" + room.name() + "'");
        }
        return p;
    }

    private interface OnLoop {
        FullHttpResponse run() throws ApiError;
    }

    private static CompletableFuture<FullHttpResponse> onLoop(Room room, OnLoop task) {
        CompletableFuture<FullHttpResponse> result = new CompletableFuture<>();
        room.execute(() -> {
            try {
                result.complete(task.run());
            } catch (ApiError | RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private static void requireMethod(HttpMethod actual, HttpMethod wanted) throws ApiError {
        if (!actual.equals(wanted)) {
            throw new ApiError(HttpResponseStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "use " + wanted);
        }
    }

    private static ApiError notFound(String message) {
        return new ApiError(HttpResponseStatus.NOT_FOUND, "not-found", message);
    }

    private static FullHttpResponse ok(ObjectNode body) {
        return json(HttpResponseStatus.OK, body);
    }

    private static FullHttpResponse noContent() {
        return Requests.response(HttpResponseStatus.NO_CONTENT, null, Unpooled.EMPTY_BUFFER);
    }

    private static FullHttpResponse errorResponse(ApiError e) {
        return Requests.errorResponse(e.status, e.code, e.getMessage());
    }

    private static FullHttpResponse json(HttpResponseStatus status, ObjectNode body) {
        return Requests.response(status, "application/json", Requests.text(body.toString()));
    }

    private static void send(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse response) {
        Requests.respond(ctx, keepAlive, response);
    }
}
