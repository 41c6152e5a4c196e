package io.parley.admin.signal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;


import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import io.parley.admin.auth.Grant;
import io.parley.admin.metrics.Refusals;
import io.parley.admin.metrics.RoomsSnapshot;
import io.parley.core.room.MediaSettings;
import io.parley.core.room.Room;
import io.parley.core.room.RoomMetrics;
import io.parley.transport.TransportFactory;
import io.parley.transport.WebRtcTransport;
import io.parley.transport.sdp.Negotiator;

/** What every signalling session shares: the rooms, the transports' factory and the SDP policy. */
public final class SignalingContext {
    private final Rooms rooms;
    private final Admission admission;
    private final Messages messages;
    private final Negotiator negotiator;
    private final TransportFactory transports;
    private volatile boolean draining;

    public SignalingContext(io.netty.channel.EventLoopGroup roomLoops, ByteBufAllocator allocator,
                            com.fasterxml.jackson.databind.ObjectMapper json, Negotiator negotiator,
                            TransportFactory transports, Duration silenceTimeout,
                            MediaSettings media, RoomMetrics roomMetrics, Admission admission) {
        this.messages = new Messages(json);
        this.admission = admission;
        this.rooms = new Rooms(roomLoops, allocator, messages, silenceTimeout.toNanos(), media, roomMetrics,
                admission.limits(), admission.refusals());
        this.negotiator = negotiator;
        this.transports = transports;
    }

    Rooms rooms() {
        return rooms;
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

    /**
     * A place for one session: a slot of its token subject's and a member's place in the room,
     * which {@link #leave} or the end of the session ({@link Rooms#end}) gives back.
     */
    Room admit(String roomName, String identity) throws LimitReached {
        if (!admission.enter(identity)) {
            throw new LimitReached(Refusals.Limit.SESSIONS_PER_IDENTITY, "'" + identity
                    + "' is in as many rooms at once as it may be (" + admission.limits().sessionsPerIdentity() + ")");
        }
        try {
            return rooms.acquire(roomName);
        } catch (LimitReached e) {
            admission.leave(identity);
            throw e;
        }
    }

    /** Gives back what {@link #admit} took, for a session that never started. */
    void leave(Room room, String identity) {
        rooms.release(room);
        admission.leave(identity);
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
        rooms.tellEveryone(messages.ofType("draining").put("graceSeconds", grace.toSeconds()));
    }

    /** Participants still connected (for the drain to wait on). */
    public int participantCount() {
        return rooms.sessionCount();
    }

    /** Ends every participant's session, freeing its transport; used on shutdown. */
    public void terminateAll(String reason) {
        rooms.terminateAll(reason);
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
        Session s = rooms.session(participantId);
        if (s == null) {
            return false;
        }
        s.terminate(reason);
        return true;
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
        if (!(rooms.session(participantId) instanceof HttpSession s) || !s.roomName().equals(room)) {
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

    /** The rooms' counters and gauges, read on their loops. */
    public CompletableFuture<RoomsSnapshot> roomsSnapshot() {
        return rooms.snapshot();
    }

    /** Number of rooms that currently have members. */
    public int roomCount() {
        return rooms.roomCount();
    }
}
