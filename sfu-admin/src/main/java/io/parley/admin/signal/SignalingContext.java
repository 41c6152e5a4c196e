package io.parley.admin.signal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.netty.util.concurrent.EventExecutor;
import io.parley.admin.auth.Grant;
import io.parley.admin.auth.TurnCredentials;
import io.parley.core.room.Room;
import io.parley.core.rooms.RoomRegistry;
import io.parley.transport.TransportFactory;
import io.parley.transport.WebRtcTransport;
import io.parley.transport.sdp.Negotiator;

/**
 * What every signalling session shares: the rooms, the sessions, who may enter, the transports'
 * factory and the SDP policy.
 */
public final class SignalingContext {
    private final RoomRegistry rooms;
    private final SessionRegistry sessions;
    private final Admission admission;
    private final Messages messages;
    private final Entrance entrance;
    private final Negotiator negotiator;
    private final TransportFactory transports;
    private final TurnCredentials turn;
    private final Duration resumeWindow;
    private final SecureRandom random = new SecureRandom();
    private volatile boolean draining;

    /**
     * {@code sessions} is the registry the rooms' events ({@link RoomEvents}) and timers reach, so
     * that a session found there is one in {@code rooms}.
     */
    public SignalingContext(RoomRegistry rooms, SessionRegistry sessions, Admission admission, Messages messages,
                            Negotiator negotiator, TransportFactory transports, TurnCredentials turn,
                            Duration resumeWindow) {
        this.rooms = rooms;
        this.sessions = sessions;
        this.admission = admission;
        this.messages = messages;
        this.negotiator = negotiator;
        this.transports = transports;
        this.turn = turn;
        this.resumeWindow = resumeWindow;
        this.entrance = new Entrance(admission, rooms, sessions, this::newTransport);
    }

    /** The TURN relays and credentials each WebSocket participant is told of in {@code joined}. */
    TurnCredentials turn() {
        return turn;
    }

    /** How long a participant whose socket dropped waits for its client to resume. */
    Duration resumeWindow() {
        return resumeWindow;
    }

    /** 128 random bits, hex: what a client shows to take its session over on a new socket. */
    String newResumeToken() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The WebSocket session of a participant, or null (none, or a WHIP/WHEP one). */
    SignalingSession signalingSession(String participantId) {
        return sessions.get(participantId) instanceof SignalingSession s ? s : null;
    }

    Entrance entrance() {
        return entrance;
    }

    Admission admission() {
        return admission;
    }

    Messages messages() {
        return messages;
    }

    Negotiator negotiator() {
        return negotiator;
    }

    WebRtcTransport newTransport(String id, EventExecutor loop) throws IOException {
        return transports.serverTransport(id, loop);
    }

    /** While draining, joins are refused and {@code /readyz} says so. */
    public boolean isDraining() {
        return draining;
    }

    /**
     * Stops admitting participants and tells everyone connected that the server is going away
     * ({@code draining} message with the grace period), so clients can move elsewhere.
     */
    public void startDraining(Duration grace) {
        draining = true;
        sessions.tellEveryone(messages.ofType("draining").put("graceSeconds", grace.toSeconds()));
    }

    /** Participants still connected (for the drain to wait on). */
    public int participantCount() {
        return sessions.count();
    }

    /** Ends every participant's session, freeing its transport; used on shutdown. */
    public void terminateAll(String reason) {
        sessions.terminateAll(reason);
    }

    /** The rooms that have members now; read each on its loop. */
    public List<Room> activeRooms() {
        return rooms.list();
    }

    /** A room by name, or null. */
    public Room room(String name) {
        return rooms.byName(name);
    }

    /**
     * Ends a participant's session as if it had left: it is told ({@code error} with code
     * {@code terminated}), its transport freed, the others told. False if there is no such one.
     */
    public boolean removeParticipant(String participantId, String reason) {
        return sessions.terminate(participantId, reason);
    }

    /** WHIP (RFC 9725 §4.2): a publisher from one SDP offer; completes with its id and our answer. */
    public CompletableFuture<HttpSession.Answer> whip(String room, Grant grant, Instant now, String offer) {
        return HttpSession.open(this, room, grant, now, offer, null);
    }

    /** WHEP: a viewer of one publisher's audio and video; completes with its id and our answer. */
    public CompletableFuture<HttpSession.Answer> whep(String room, String publisherId, Grant grant, Instant now,
                                                      String offer) {
        return HttpSession.open(this, room, grant, now, offer, publisherId);
    }

    /** Ends a WHIP or WHEP session (its resource was deleted) for its owner or an admin. */
    public HttpSession.Ended endHttpSession(String room, String participantId, Grant grant) {
        if (!(sessions.get(participantId) instanceof HttpSession s) || !s.roomName().equals(room)) {
            return HttpSession.Ended.NOT_FOUND;
        }
        // Session ids are told to everyone in the room: knowing one is no right to end it.
        if (!s.mayBeEndedBy(grant)) {
            return HttpSession.Ended.FORBIDDEN;
        }
        return s.end("the client deleted its session") ? HttpSession.Ended.ENDED : HttpSession.Ended.NOT_FOUND;
    }

    /** What the server estimates a participant's downlink takes, or -1 if there is no such one. */
    public CompletableFuture<Long> sendEstimateBps(String roomName, String participantId) {
        Room r = rooms.byName(roomName);
        if (r == null) {
            return CompletableFuture.completedFuture(-1L);
        }
        return CompletableFuture.supplyAsync(() -> {
            var p = r.participant(participantId);
            return p == null ? -1L : p.sendEstimateBps();
        }, r.loop());
    }

    /** Number of rooms that currently have members. */
    public int roomCount() {
        return rooms.count();
    }
}
