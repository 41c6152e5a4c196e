package io.parley.admin.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.parley.admin.config.ConfigLoader;
import io.parley.admin.metrics.Refusals;
import io.parley.core.room.MediaSettings;
import io.parley.core.room.Participant;
import io.parley.core.room.RoomMetrics;
import io.parley.core.rooms.RoomFactory;
import io.parley.core.rooms.RoomLimits;
import io.parley.core.rooms.RoomRegistry;
import io.parley.core.rooms.RoomTimers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each step into a room, and what a refused or failed step gives back; rooms live on this thread's channel. */
class EntranceTest {
    private static final String SECRET = "entrance-secret-0123456789abcdef-0123";
    @RegisterExtension
    static final EmbeddedSignaling SERVER = new EmbeddedSignaling();

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final Refusals refusals = new Refusals();
    private final SessionRegistry sessions = new SessionRegistry(new Messages(new ObjectMapper()));
    private final List<Entrance.Place> entered = new ArrayList<>();
    private RoomRegistry rooms;

    @AfterEach
    void leaveAll() {
        entered.forEach(p -> p.leave("test over"));
        channel.runPendingTasks();
        channel.finishAndReleaseAll();
    }

    private Entrance entrance(Map<String, Object> limitKeys, Entrance.Transports transports) {
        var limits = ConfigLoader.load(Map.of("PARLEY_AUTH_SECRET", SECRET), ConfigFactory.parseMap(limitKeys))
                .limits();
        rooms = new RoomRegistry(new RoomFactory(channel.eventLoop(), new PooledByteBufAllocator(false),
                MediaSettings.defaults(), RoomMetrics.NONE, new RoomEvents(sessions, new Messages(new ObjectMapper()))),
                new RoomTimers(sessions, Duration.ofSeconds(15)),
                new RoomLimits(limits.rooms(), limits.participantsPerRoom()));
        return new Entrance(new Admission(limits, refusals), rooms, sessions, transports);
    }

    private Entrance entrance(Map<String, Object> limitKeys) {
        return entrance(limitKeys, SERVER.context(channel)::newTransport);
    }

    private Entrance.Place enter(Entrance entrance, String room, String identity) throws Exception {
        Entrance.Place place = entrance.enter(room, identity);
        entered.add(place);
        return place;
    }

    private void assertRefused(Entrance entrance, String room, String identity, Refusals.Limit limit,
                               String message) {
        LimitReached e = assertThrows(LimitReached.class, () -> enter(entrance, room, identity));
        assertEquals(limit, e.limit());
        assertEquals(message, e.getMessage());
        assertEquals(1, refusals.count(limit), "counted under its limit");
    }

    @Test
    void aPlaceHoldsARoomAndItsSessionUntilItLeaves() throws Exception {
        Entrance entrance = entrance(Map.of("parley.limits.sessions-per-identity", 1));
        Entrance.Place place = entrance.enter("r", "alice");
        Session session = new NoSession();
        place.register(session);
        Participant alice = place.join("Alice");

        assertEquals("alice", place.identity());
        assertSame(session, sessions.get(place.id()));
        assertSame(alice, rooms.byName("r").participant(place.id()));
        place.leave("bye");
        channel.runPendingTasks();

        assertFalse(alice.isJoined());
        assertEquals(0, rooms.count(), "the room went with its only member");
        assertEquals(0, sessions.count());
        enter(entrance, "r", "alice"); // the subject's one slot is free again
    }

    @Test
    void aSubjectWithAllItsSessionsIsRefusedAndCounted() throws Exception {
        Entrance entrance = entrance(Map.of("parley.limits.sessions-per-identity", 1));
        enter(entrance, "r", "mallory");

        assertRefused(entrance, "s", "mallory", Refusals.Limit.SESSIONS_PER_IDENTITY,
                "'mallory' is in as many rooms at once as it may be (1)");
        assertEquals(1, rooms.count(), "no room was made for it");
    }

    @Test
    void aFullRoomRefusesCountsAndGivesTheSubjectsSlotBack() throws Exception {
        Entrance entrance = entrance(Map.of("parley.limits.participants-per-room", 1,
                "parley.limits.sessions-per-identity", 1));
        enter(entrance, "r", "a");

        assertRefused(entrance, "r", "b", Refusals.Limit.PARTICIPANTS_PER_ROOM, "room 'r' is full (1)");
        enter(entrance, "s", "b");
    }

    @Test
    void aServerFullOfRoomsRefusesAndCounts() throws Exception {
        Entrance entrance = entrance(Map.of("parley.limits.rooms", 1));
        enter(entrance, "r", "a");

        assertRefused(entrance, "s", "b", Refusals.Limit.ROOMS, "the server has as many rooms as it may (1)");
        assertEquals(0, refusals.count(Refusals.Limit.PARTICIPANTS_PER_ROOM));
    }

    @Test
    void aTransportThatCannotBeMadeGivesBackTheRoomAndTheSlot() {
        Entrance entrance = entrance(Map.of("parley.limits.sessions-per-identity", 1), (id, loop) -> {
            throw new IOException("no sockets left");
        });

        assertThrows(IOException.class, () -> entrance.enter("r", "a"));
        assertEquals(0, rooms.count());
        assertThrows(IOException.class, () -> entrance.enter("r", "a"), "not refused: the slot came back");
        assertEquals(0, refusals.count(Refusals.Limit.SESSIONS_PER_IDENTITY));
    }

    private static final class NoSession implements Session {
        @Override
        public void send(JsonNode message) {
        }

        @Override
        public void terminate(String reason) {
        }
    }
}
