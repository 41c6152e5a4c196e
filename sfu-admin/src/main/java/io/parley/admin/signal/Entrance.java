package io.parley.admin.signal;

import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import io.netty.util.concurrent.EventExecutor;
import io.parley.admin.metrics.Refusals;
import io.parley.core.room.Participant;
import io.parley.core.room.Room;
import io.parley.core.rooms.RoomLimitReached;
import io.parley.core.rooms.RoomRegistry;
import io.parley.transport.WebRtcTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The way into a room for every kind of session (WebSocket, WHIP, WHEP): a {@link Place} holds a
 * slot of the token subject's, a member's place in the room, a participant id and a transport, and
 * its session's registration. A step that fails gives back what the steps before it took.
 */
final class Entrance {
    /** The room names clients may use. */
    static final Pattern ROOM_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Logger log = LoggerFactory.getLogger(Entrance.class);

    /** Makes a participant's transport, to run on its room's loop. */
    interface Transports {
        WebRtcTransport create(String participantId, EventExecutor loop) throws IOException;
    }

    private final Admission admission;
    private final RoomRegistry rooms;
    private final SessionRegistry sessions;
    private final Transports transports;

    Entrance(Admission admission, RoomRegistry rooms, SessionRegistry sessions, Transports transports) {
        this.admission = admission;
        this.rooms = rooms;
        this.sessions = sessions;
        this.transports = transports;
    }

    /**
     * A place in the room for a session of {@code identity}'s; its session then
     * {@linkplain Place#register registers} and, once done, {@linkplain Place#leave leaves}.
     *
     * @throws LimitReached counted under its limit, when the subject, the server or the room is full
     * @throws IOException  when no transport could be made (nothing is kept)
     */
    Place enter(String roomName, String identity) throws LimitReached, IOException {
        Room room = admit(roomName, identity);
        String id = "p" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
        try {
            return new Place(room, id, transports.create(id, room.loop()), identity);
        } catch (IOException | RuntimeException e) {
            rooms.release(room);
            admission.leave(identity);
            log.warn("cannot create a transport for {}: {}", id, e.toString());
            throw e;
        }
    }

    private Room admit(String roomName, String identity) throws LimitReached {
        if (!admission.enter(identity)) {
            throw new LimitReached(Refusals.Limit.SESSIONS_PER_IDENTITY, "'" + identity
                    + "' is in as many rooms at once as it may be (" + admission.limits().sessionsPerIdentity() + ")");
        }
        try {
            return rooms.acquire(roomName);
        } catch (RoomLimitReached e) {
            admission.leave(identity);
            Refusals.Limit limit = switch (e.limit()) {
                case ROOMS -> Refusals.Limit.ROOMS;
                case PARTICIPANTS_PER_ROOM -> Refusals.Limit.PARTICIPANTS_PER_ROOM;
            };
            admission.refusals().refused(limit);
            throw new LimitReached(limit, e.getMessage());
        }
    }

    /** What one admitted session holds until it leaves. */
    final class Place {
        /** Leaving gives back what entering took: once, whoever asks first (the session, its end, a late join). */
        private final AtomicBoolean left = new AtomicBoolean();
        private final Room room;
        private final String id;
        private final WebRtcTransport transport;
        private final String identity;
        /** Written and read on the room's loop. */
        private Participant participant;

        private Place(Room room, String id, WebRtcTransport transport, String identity) {
            this.room = room;
            this.id = id;
            this.transport = transport;
            this.identity = identity;
        }

        Room room() {
            return room;
        }

        /** The participant id the session has from now on. */
        String id() {
            return id;
        }

        WebRtcTransport transport() {
            return transport;
        }

        /** Whose token took the place. */
        String identity() {
            return identity;
        }

        /** Makes the session reachable by participant id (admin removal, drain, the rooms' timers). */
        void register(Session session) {
            sessions.register(id, session);
        }

        /** The participant enters the room under that name. On the room's loop. */
        Participant join(String name) {
            participant = room.join(id, name, transport);
            return participant;
        }

        /** The participant, or null before {@link #join}. On the room's loop. */
        Participant participant() {
            return participant;
        }

        /**
         * Takes the participant (if it got in) out of the room and gives back the rest: the
         * subject's slot at once; transport, registration and the room itself when it empties on
         * the room's loop. Call once, from any thread.
         */
        void leave(String reason) {
            if (!left.compareAndSet(false, true)) {
                return;
            }
            room.execute(() -> {
                if (participant != null && participant.isJoined()) {
                    room.leave(participant, reason);
                    log.info("{} left room {}: {}", id, room.name(), reason);
                }
                transport.close();
                sessions.unregister(id);
                rooms.release(room);
            });
            admission.leave(identity);
        }
    }
}
