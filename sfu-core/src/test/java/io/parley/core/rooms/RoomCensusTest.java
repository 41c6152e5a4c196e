package io.parley.core.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.parley.core.room.Counter;
import io.parley.core.room.MediaKind;
import io.parley.core.room.MediaSettings;
import io.parley.core.room.Participant;
import io.parley.core.room.Room;
import io.parley.core.room.RoomListener;
import io.parley.core.room.RoomMetrics;
import io.parley.core.room.RtpCodec;
import io.parley.core.testing.TestPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RoomCensusTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final RoomFactory factory = new RoomFactory(channel.eventLoop(), new PooledByteBufAllocator(false),
            MediaSettings.defaults(), RoomMetrics.NONE, RoomListener.NONE);
    private final RoomRegistry rooms = new RoomRegistry(factory,
            new RoomTimers(new RecordingSessions(), Duration.ofSeconds(15)), new RoomLimits(10, 10));
    private final RoomCensus census = new RoomCensus(rooms, factory);

    @AfterEach
    void close() {
        for (Room r : rooms.list()) {
            for (Participant p : new ArrayList<>(r.participants())) {
                r.leave(p, "test over");
            }
        }
        channel.finishAndReleaseAll();
    }

    @Test
    void readsEveryRoomAndEveryLoopsCountersOnTheirLoop() throws Exception {
        Room a = rooms.acquire("a");
        Room b = rooms.acquire("b");
        Participant alice = a.join("alice", "Alice", TestPeer.talking());
        a.join("bob", "Bob", TestPeer.talking());
        b.join("carol", "Carol", TestPeer.talking());
        a.publish(alice, "0", MediaKind.AUDIO, new RtpCodec(111, "opus", 48000, 2, ""), new long[] {0x11111111L});
        a.tick();
        b.tick();

        CompletableFuture<RoomsSnapshot> taken = census.take();
        assertFalse(taken.isDone(), "it reads on the loop, not on the caller's thread");
        channel.runPendingTasks();
        RoomsSnapshot snapshot = taken.getNow(null);

        assertNotNull(snapshot);
        assertEquals(2, snapshot.rooms());
        assertEquals(3, snapshot.participants());
        assertEquals(1, snapshot.tracks());
        assertEquals(2, snapshot.counters().counted(Counter.TICKS), "both rooms count into their loop's counters");
    }
}
