package io.parley.admin.signal;

import java.io.IOException;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.Channel;
import io.parley.admin.auth.Grant;
import io.parley.admin.metrics.Refusals;
import io.parley.core.room.Participant;
import io.parley.transport.sdp.SdpException;
import io.parley.transport.sdp.SessionDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's signalling connection: at most one participant in one room. Messages arrive on the
 * channel's I/O thread; everything touching the room runs on the room's event loop.
 */
final class SignalingSession implements Session, MediaRequests.Origin {
    private static final Logger log = LoggerFactory.getLogger(SignalingSession.class);
    private static final int MAX_NAME_LENGTH = 64;

    private final ClientLink link;
    private final SignalingContext context;
    private final MediaRequests media = new MediaRequests(this);
    private final AtomicBoolean terminated = new AtomicBoolean();
    /** What the token presented at the WebSocket upgrade allows. */
    private final Grant grant;
    /** Set once the room has admitted us. */
    private volatile Entrance.Place place;
    /** Set on the room's loop once the participant is in. */
    private OfferAnswer offerAnswer;

    /** Ends the session when its token expires; moved by a refresh. */
    private volatile ScheduledFuture<?> expiry;
    /** Given in {@code joined}: with it, a new socket of the same subject takes this session over. */
    private final String resumeToken;

    SignalingSession(Channel channel, SignalingContext context, Grant grant, Instant now) {
        // Half the send buffer: a replay then fits in what the socket may hold unread.
        this.link = new ClientLink(channel, context.admission().limits().websocketSendBufferBytes() / 2);
        this.context = context;
        this.grant = grant;
        this.resumeToken = context.newResumeToken();
        expireAt(grant.expires(), now);
    }

    /**
     * A token's {@code exp} (RFC 7519 §4.1.4) bounds the session it opened, not only the upgrade;
     * a client stays longer by sending a newer token for the same subject ({@code refresh}).
     */
    void refresh(Grant newer, Instant now) {
        Entrance.Place p = place;
        if (!newer.identity().equals(grant.identity()) || p != null && !newer.allowsRoom(p.room().name())) {
            sendError("forbidden", "a refresh token must be for the same subject and room");
            return;
        }
        expireAt(newer.expires(), now);
        send(context.messages().ofType("refreshed").put("expires", newer.expires().getEpochSecond()));
    }

    private void expireAt(Instant expires, Instant now) {
        if (terminated.get()) {
            return;
        }
        if (expiry != null) {
            expiry.cancel(false);
        }
        long millis = Math.max(0, Duration.between(now, expires).toMillis());
        expiry = link.timers().schedule(() -> terminate("the token expired; send a refresh before it does"),
                millis, TimeUnit.MILLISECONDS);
        if (terminated.get()) {
            // terminate ran meanwhile and cancelled the timer before this one: nothing may hold the session.
            expiry.cancel(false);
        }
    }

    /** Handles one client message (already parsed JSON); protocol errors are answered, not thrown. */
    void onMessage(JsonNode message) {
        String type = message.path("type").asText("");
        switch (type) {
            case "join" -> join(message);
            case "offer" -> offer(message);
            case "mute" -> media.mute(message);
            case "muteRemote" -> media.muteRemote(message);
            case "viewSize" -> media.viewSize(message);
            case "preferredLayer" -> media.preferredLayer(message);
            case "pin" -> media.pin(message);
            case "leave" -> terminate("left");
            default -> sendError("bad-request", "unknown message type '"
                    + (type.length() > 32 ? type.substring(0, 32) + "..." : type) + "'");
        }
    }

    private void join(JsonNode message) {
        if (place != null) {
            sendError("bad-request", "already joined");
            return;
        }
        if (context.isDraining()) {
            sendError("draining", "the server is shutting down; join another one");
            return;
        }
        String roomName = message.path("room").asText("");
        String name = message.path("name").asText("").strip();
        if (!Entrance.ROOM_NAME.matcher(roomName).matches()) {
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
        Entrance.Place p;
        try {
            p = context.entrance().enter(roomName, grant.identity());
        } catch (LimitReached e) {
            sendError("limit", e.getMessage());
            return;
        } catch (IOException e) {
            sendError("internal", "cannot create a media transport");
            return;
        }
        place = p;
        p.register(this);
        if (terminated.get()) {
            // Ended (a leave in the same read, a close) while it entered: terminate saw no place.
            p.leave("ended before it joined");
            return;
        }
        p.room().execute(() -> {
            if (terminated.get()) {
                return;
            }
            Participant participant = p.join(name);
            offerAnswer = new OfferAnswer(p, context, grant);
            var reply = context.messages().ofType("joined").put("participantId", p.id()).put("room", roomName)
                    .put("resumeToken", resumeToken);
            if (context.turn().configured()) {
                context.messages().putIceServers(reply, context.turn().forUser(p.id()));
            }
            var others = reply.putArray("participants");
            for (Participant other : p.room().participants()) {
                if (other != participant) {
                    others.add(context.messages().participant(other));
                }
            }
            send(reply);
            log.info("{} '{}' joined room {}", p.id(), name, roomName);
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
        Entrance.Place p = place;
        if (p == null) {
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
        p.room().execute(() -> {
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

    @Override
    public void onParticipant(Consumer<Participant> task) {
        Entrance.Place p = place;
        if (p == null) {
            sendError("not-joined", "join a room first");
            return;
        }
        p.room().execute(() -> {
            if (!terminated.get() && p.participant() != null) {
                task.accept(p.participant());
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
        expiry.cancel(false);
        Entrance.Place p = place;
        if (p != null) {
            p.leave(reason);
        }
        if (!"left".equals(reason) && !"socket closed".equals(reason)) {
            sendError("terminated", reason);
        }
        link.close(reason);
    }

    /**
     * Its socket {@code ch} closed without a {@code leave}: a participant stays for the resume
     * window, its media flowing, while its client comes back on a new socket ({@link #resume});
     * a session that never joined just ends.
     */
    void socketClosed(Channel ch) {
        if (terminated.get()) {
            return;
        }
        Duration window = context.resumeWindow();
        if (place == null) {
            terminate("socket closed");
            return;
        }
        link.dropped(ch, window, () -> terminate("the connection dropped and did not come back within "
                + window.toSeconds() + " s"));
    }

    /** Whether {@code ch} is this session's socket now, not one a resume replaced. */
    boolean isCurrentSocket(Channel ch) {
        return link.isCurrent(ch);
    }

    /** Whether this session has done nothing yet, so its socket may resume another one instead. */
    boolean isFresh() {
        return place == null && !terminated.get();
    }

    /** A fresh session whose socket resumed another: it ends without closing that socket. */
    void discard() {
        terminated.set(true);
        expiry.cancel(false);
    }

    Grant grant() {
        return grant;
    }

    /**
     * The client of this session is back on {@code ch} with a token for {@code newer} and the
     * {@code resumeToken} from {@code joined}, having seen every message up to {@code lastSeq}.
     * Null when it took over (it gets what it missed, then {@code resumed}); else the error code
     * for it: {@code forbidden} for another subject or room, {@code resume-failed} for a wrong
     * resume token or messages no longer kept (the session then ends: the client joins again).
     */
    String resume(Channel ch, Grant newer, String token, long lastSeq) {
        Entrance.Place p = place;
        if (p == null || terminated.get() || !MessageDigest.isEqual(
                token.getBytes(StandardCharsets.US_ASCII),
                resumeToken.getBytes(StandardCharsets.US_ASCII))) {
            return "resume-failed";
        }
        if (!newer.identity().equals(grant.identity()) || !newer.allowsRoom(p.room().name())) {
            return "forbidden";
        }
        String resumed;
        try {
            resumed = context.messages().json().writeValueAsString(
                    context.messages().ofType("resumed").put("participantId", p.id()));
        } catch (IOException e) {
            throw new IllegalStateException("a two-field message always encodes", e);
        }
        if (!link.replace(ch, lastSeq, resumed)) {
            terminate("the messages since the connection dropped are gone; join again");
            return "resume-failed";
        }
        log.info("{} resumed on a new connection", p.id());
        return null;
    }

    @Override
    public void send(JsonNode message) {
        String json;
        try {
            json = context.messages().json().writeValueAsString(message);
        } catch (IOException e) {
            log.warn("cannot encode a signalling message", e);
            return;
        }
        if (link.send(json) == ClientLink.Sent.NOT_READ && !terminated.get()) {
            // More unread signalling than parley.limits.websocket-send-buffer (the channel's high
            // water mark): a client that does not read would grow server memory without end.
            context.admission().refusals().refused(Refusals.Limit.WEBSOCKET_SEND_BUFFER);
            Entrance.Place p = place;
            log.info("{}: the client reads none of its signalling; closing", p == null ? null : p.id());
            terminate("the client does not read its messages");
            link.abort();
        }
    }

    @Override
    public void sendError(String code, String message) {
        send(context.messages().error(code, message));
    }
}
