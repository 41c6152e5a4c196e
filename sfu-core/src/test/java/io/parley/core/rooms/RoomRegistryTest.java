package io.parley.core.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.parley.core.room.Counter;
import io.parley.core.room.MediaSettings;
import io.parley.core.room.Room;
import io.parley.core.room.RoomListener;
import io.parley.core.room.RoomMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RoomRegistryTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final RoomFactory factory = new RoomFactory(channel.eventLoop(), new PooledByteBufAllocator(false),
            MediaSettings.defaults(), RoomMetrics.NONE, RoomListener.NONE);

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private RoomRegistry registry(int rooms, int participantsPerRoom) {
        return new RoomRegistry(factory, new RoomTimers(new RecordingSessions(), Duration.ofSeconds(15)),
                new RoomLimits(rooms, participantsPerRoom));
    }

    @Test
    void aRoomExistsFromItsFirstMemberToItsLast() throws RoomLimitReached {
        RoomRegistry rooms = registry(10, 10);
        Room a = rooms.acquire("a");
        assertSame(a, rooms.acquire("a"), "a second member finds the same room");
        assertEquals(1, rooms.count());
        assertSame(a, rooms.byName("a"));
        assertEquals(List.of(a), rooms.list());

        rooms.release(a);
        assertSame(a, rooms.byName("a"), "one member is left");
        rooms.release(a);
        assertNull(rooms.byName("a"));
        assertEquals(0, rooms.count());
        assertNotSame(a, rooms.acquire("a"), "the name makes a new room after the last left");
    }

    @Test
    void aLateReleaseOfAClosedRoomLeavesTheNewRoomOfItsNameAlone() throws RoomLimitReached {
        RoomRegistry rooms = registry(10, 10);
        Room old = rooms.acquire("a");
        rooms.release(old);
        Room now = rooms.acquire("a");

        rooms.release(old);
        assertSame(now, rooms.byName("a"));
        rooms.release(now);
        assertNull(rooms.byName("a"));
    }

    @Test
    void theServerKeepsAtMostItsRoomLimitButExistingRoomsStillTakeMembers() throws RoomLimitReached {
        RoomRegistry rooms = registry(1, 10);
        Room a = rooms.acquire("a");

        RoomLimitReached e = assertThrows(RoomLimitReached.class, () -> rooms.acquire("b"));
        assertEquals(RoomLimitReached.Limit.ROOMS, e.limit());
        assertEquals("the server has as many rooms as it may (1)", e.getMessage());
        assertEquals(1, rooms.count());
        assertSame(a, rooms.acquire("a"));
    }

    @Test
    void aFullRoomTakesAMemberAgainOnceOneLeft() throws RoomLimitReached {
        RoomRegistry rooms = registry(10, 2);
        Room a = rooms.acquire("a");
        rooms.acquire("a");

        RoomLimitReached e = assertThrows(RoomLimitReached.class, () -> rooms.acquire("a"));
        assertEquals(RoomLimitReached.Limit.PARTICIPANTS_PER_ROOM, e.limit());
        assertEquals("room 'a' is full (2)", e.getMessage());
        rooms.release(a);
        assertSame(a, rooms.acquire("a"));
    }

    @Test
    void aRoomTicksWhileItHasMembersOnly() throws RoomLimitReached {
        channel.freezeTime();
        RoomRegistry rooms = registry(10, 10);
        Room a = rooms.acquire("a");
        channel.advanceTimeBy(Room.TICK_NANOS, TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
        assertEquals(1, a.counted(Counter.TICKS));

        rooms.release(a);
        channel.advanceTimeBy(2 * Room.TICK_NANOS, TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
        assertEquals(1, a.counted(Counter.TICKS), "the last member took the timers with it");
    }
}
