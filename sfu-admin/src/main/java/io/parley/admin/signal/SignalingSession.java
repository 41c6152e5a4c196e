package io.parley.admin.signal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.parley.admin.auth.Grant;
import io.parley.admin.metrics.Refusals;
import io.parley.core.room.Participant;
import io.parley.core.room.Room;
import io.parley.core.room.Subscription;
import io.parley.core.room.Track;
import io.parley.transport.WebRtcTransport;
import io.parley.transport.sdp.SdpException;
import io.parley.transport.sdp.SessionDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's signalling connection: at most one participant in one room. Messages arrive on the
 * channel's I/O thread; everything touching the room runs on the room's event loop.
 */
final class SignalingSession implements Session {
    private static final Logger log = LoggerFactory.getLogger(SignalingSession.class);
    static final Pattern ROOM_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final int MAX_NAME_LENGTH = 64;
    private static final int MAX_VIEW_HEIGHT = 8192;
    /** Far above any real simulcast or temporal layer count, low enough to catch garbage. */
    private static final int MAX_LAYER = 15;

    private final Channel channel;
    private final SignalingContext context;
    private final AtomicBoolean terminated = new AtomicBoolean();
    /** What the token presented at the WebSocket upgrade allows. */
    private final Grant grant;
    private volatile Room room;
    private volatile WebRtcTransport transport;
    private volatile String participantId;
    /** Set on the room's loop once the room has admitted us. */
    private Participant participant;
    private OfferAnswer offerAnswer;

    /** Ends the session when its token expires; moved by a refresh. Touched on the channel's thread. */
    private ScheduledFuture<?> expiry;

    SignalingSession(Channel channel, SignalingContext context, Grant grant, Instant now) {
        this.channel = channel;
        this.context = context;
        this.grant = grant;
        expireAt(grant.expires(), now);
    }

    /**
     * A token's {@code exp} (RFC 7519 §4.1.4) bounds the session it opened, not only the upgrade;
     * a client stays longer by sending a newer token for the same subject ({@code refresh}).
     */
    void refresh(Grant newer, Instant now) {
        if (!newer.identity().equals(grant.identity()) || room != null && !newer.allowsRoom(room.name())) {
            sendError("forbidden", "a refresh token must be for the same subject and room");
            return;
        }
        expireAt(newer.expires(), now);
        send(context.messages().ofType("refreshed").put("expires", newer.expires().getEpochSecond()));
    }

    private void expireAt(Instant expires, Instant now) {
        if (expiry != null) {
            expiry.cancel(false);
        }
        long millis = Math.max(0, Duration.between(now, expires).toMillis());
        expiry = channel.eventLoop().schedule(() -> terminate("the token expired; send a refresh before it does"),
                millis, TimeUnit.MILLISECONDS);
    }

    /** Handles one client message (already parsed JSON); protocol errors are answered, not thrown. */
    void onMessage(JsonNode message) {
        String type = message.path("type").asText("");
        switch (type) {
            case "join" -> join(message);
            case "offer" -> offer(message);
            case "mute" -> mute(message);
            case "muteRemote" -> muteRemote(message);
            case "viewSize" -> viewSize(message);
            case "preferredLayer" -> preferredLayer(message);
            case "pin" -> pin(message);
            case "leave" -> terminate("left");
            default -> sendError("bad-request", "unknown message type '"
                    + (type.length() > 32 ? type.substring(0, 32) + "..." : type) + "'");
        }
    }

    private void join(JsonNode message) {
        if (room != null) {
            sendError("bad-request", "already joined");
            return;
        }
        if (context.isDraining()) {
            sendError("draining", "the server is shutting down; join another one");
            return;
        }
        String roomName = message.path("room").asText("");
        String name = message.path("name").asText("").strip();
        if (!ROOM_NAME.matcher(roomName).matches()) {
            sendError("bad-request", "room must be 1-64 characters of A-Z a-z 0-9 _ . -");
            return;
        }
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH || !printable(name)) {
            sendError("bad-request", "name must be 1-" + MAX_NAME_LENGTH
                    + " characters, without control characters or bidirectional overrides");
            return;
        }
        if (!grant.allowsRoom(roomName)) {
            sendError("forbidden", "this token is for room '" + grant.room() + "', not '" + roomName + "'");
            return;
        }
        String id = "p" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
        Room r;
        try {
            r = context.admit(roomName, grant.identity());
        } catch (LimitReached e) {
            sendError("limit", e.getMessage());
            return;
        }
        WebRtcTransport t;
        try {
            t = context.newTransport(id, r.loop());
        } catch (IOException e) {
            context.leave(r, grant.identity());
            log.warn("cannot create a transport for {}: {}", id, e.toString());
            sendError("internal", "cannot create a media transport");
            return;
        }
        participantId = id;
        transport = t;
        room = r;
        context.rooms().register(id, this);
        r.execute(() -> {
            if (terminated.get()) {
                return;
            }
            participant = r.join(id, name, t);
            offerAnswer = new OfferAnswer(r, participant, t, context, grant);
            var reply = context.messages().ofType("joined").put("participantId", id).put("room", roomName);
            var others = reply.putArray("participants");
            for (Participant p : r.participants()) {
                if (p != participant) {
                    others.add(context.messages().participant(p));
                }
            }
            send(reply);
            log.info("{} '{}' joined room {}", id, name, roomName);
        });
    }

    /**
     * A name every other member's app shows: no control characters (line breaks, escapes) and no
     * bidirectional overrides or isolates, which would let a name reverse the text beside it.
     */
    static boolean printable(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c) || c >= '\u202A' && c <= '\u202E' || c >= '\u2066' && c <= '\u2069') {
                return false;
            }
        }
        return true;
    }

    private void offer(JsonNode message) {
        Room r = room;
        if (r == null) {
            sendError("not-joined", "join a room first");
            return;
        }
        String sdp = message.path("sdp").asText("");
        SessionDescription offer;
        try {
            offer = context.admission().offer(sdp);
        } catch (SdpException e) {
            sendError(e.tooManyMediaSections() ? "limit" : "bad-request", "invalid SDP offer: " + e.getMessage());
            return;
        }
        Map<String, String> wanted = new LinkedHashMap<>();
        JsonNode subs = message.path("subscriptions");
        // A subscription names one of the offer's mids, so there are never more than its m-lines.
        if (!subs.isMissingNode() && !subs.isArray() || subs.size() > offer.media().size()) {
            sendError("bad-request", "subscriptions must be an array of at most one per m-line");
            return;
        }
        for (JsonNode s : subs) {
            String mid = s.path("mid").asText("");
            String trackId = s.path("trackId").asText("");
            if (mid.isEmpty() || trackId.isEmpty()) {
                sendError("bad-request", "each subscription needs mid and trackId");
                return;
            }
            wanted.put(mid, trackId);
        }
        r.execute(() -> {
            if (terminated.get() || offerAnswer == null) {
                return;
            }
            try {
                String answer = offerAnswer.answer(offer, wanted, this::onTransportFailed);
                send(context.messages().ofType("answer").put("sdp", answer));
                if (offerAnswer.refused() != null) {
                    sendError("forbidden", offerAnswer.refused() + "; those m-lines are inactive");
                }
            } catch (OfferAnswer.RejectedOffer e) {
                sendError("bad-request", e.getMessage());
            }
        });
    }

    /** The participant mutes its own microphone or camera for everyone. */
    private void mute(JsonNode message) {
        String kind = message.path("kind").asText("");
        JsonNode muted = message.path("muted");
        if (!kind.equals("audio") && !kind.equals("video") || !muted.isBoolean()) {
            sendError("bad-request", "mute needs kind audio|video and muted true|false");
            return;
        }
        onRoom(() -> {
            for (Track t : participant.tracks()) {
                if (t.kind().sdpName().equals(kind) && !room.setMuted(t, muted.booleanValue())) {
                    sendError("forbidden", "an operator muted your " + kind + "; only an operator can unmute it");
                }
            }
        });
    }

    /** The participant stops or resumes receiving one remote track, for itself only. */
    private void muteRemote(JsonNode message) {
        String trackId = message.path("trackId").asText("");
        JsonNode muted = message.path("muted");
        if (trackId.isEmpty() || !muted.isBoolean()) {
            sendError("bad-request", "muteRemote needs trackId and muted true|false");
            return;
        }
        onSubscription(trackId, s -> s.setMuted(muted.booleanValue()));
    }

    /**
     * How large the participant shows one remote video (its tile height in device pixels): the
     * server sends the smallest simulcast layer that fills it.
     */
    private void viewSize(JsonNode message) {
        String trackId = message.path("trackId").asText("");
        JsonNode height = message.path("height");
        if (trackId.isEmpty() || !height.canConvertToInt() || height.asInt() < 0 || height.asInt() > MAX_VIEW_HEIGHT) {
            sendError("bad-request", "viewSize needs trackId and height 0.." + MAX_VIEW_HEIGHT + " (0: no limit)");
            return;
        }
        onSubscription(trackId, s -> s.setMaxHeight(height.asInt()));
    }

    /**
     * The quality the participant chose for one remote video, e.g. low to save data whatever the
     * tile size: a ceiling on top of viewSize and the bandwidth allocation.
     */
    private void preferredLayer(JsonNode message) {
        String trackId = message.path("trackId").asText("");
        JsonNode spatial = message.path("spatial");
        JsonNode temporal = message.path("temporal");
        if (trackId.isEmpty() || !isLayer(spatial) || !isLayer(temporal)) {
            sendError("bad-request", "preferredLayer needs trackId, and spatial and temporal as integers -1.."
                    + MAX_LAYER + " (-1 or absent: no limit)");
            return;
        }
        onSubscription(trackId, s -> s.setPreferredLayer(spatial.asInt(-1), temporal.asInt(-1)));
    }

    private void pin(JsonNode message) {
        String trackId = message.path("trackId").asText("");
        JsonNode pinned = message.path("pinned");
        if (trackId.isEmpty() || !pinned.isBoolean()) {
            sendError("bad-request", "pin needs trackId and pinned (true or false)");
            return;
        }
        onSubscription(trackId, s -> s.setPinned(pinned.booleanValue()));
    }

    private static boolean isLayer(JsonNode n) {
        return n.isMissingNode() || n.isInt() && n.intValue() >= -1 && n.intValue() <= MAX_LAYER;
    }

    /** Runs on the room's loop with the participant's subscription to a track, if it has one. */
    private void onSubscription(String trackId, Consumer<Subscription> task) {
        onRoom(() -> {
            Subscription s = participant.subscriptionTo(trackId);
            if (s == null) {
                sendError("bad-request", "not subscribed to " + trackId);
            } else {
                task.accept(s);
            }
        });
    }

    /** Runs on the room's loop once joined; answers not-joined otherwise. */
    private void onRoom(Runnable task) {
        Room r = room;
        if (r == null) {
            sendError("not-joined", "join a room first");
            return;
        }
        r.execute(() -> {
            if (!terminated.get() && participant != null) {
                task.run();
            }
        });
    }

    private void onTransportFailed(String reason) {
        terminate(reason);
    }

    /** Removes the participant (if any) and closes the socket. Safe from any thread, idempotent. */
    @Override
    public void terminate(String reason) {
        if (!terminated.compareAndSet(false, true)) {
            return;
        }
        channel.eventLoop().execute(() -> expiry.cancel(false));
        Room r = room;
        String id = participantId;
        if (r != null) {
            r.execute(() -> context.rooms().end(r, id, participant, transport, reason));
            context.admission().leave(grant.identity());
        }
        if (channel.isActive()) {
            if (!"left".equals(reason) && !"socket closed".equals(reason)) {
                sendError("terminated", reason);
            }
            channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE, reason))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public WebRtcTransport transport() {
        return transport;
    }

    @Override
    public void send(JsonNode message) {
        // A closing channel drops its outbound buffer before it reports itself inactive: not
        // writable then means the client hung up, not that it stopped reading (seen in the soak).
        // Netty's public API cannot tell the two apart, hence the look at the buffer itself.
        ChannelOutboundBuffer unsent = channel.unsafe().outboundBuffer();
        if (!channel.isActive() || unsent == null) {
            return;
        }
        if (!unsent.isWritable()) {
            if (terminated.get()) {
                return; // being closed already
            }
            // More unread signalling than parley.limits.websocket-send-buffer (the channel's high
            // water mark): a client that does not read would grow server memory without end.
            context.admission().refusals().refused(Refusals.Limit.WEBSOCKET_SEND_BUFFER);
            log.info("{}: the client reads none of its signalling; closing", participantId);
            terminate("the client does not read its messages");
            channel.close();
            return;
        }
        try {
            channel.writeAndFlush(new TextWebSocketFrame(context.messages().json().writeValueAsString(message)));
        } catch (IOException e) {
            log.warn("cannot encode a signalling message", e);
        }
    }

    void sendError(String code, String message) {
        send(context.messages().error(code, message));
    }
}
