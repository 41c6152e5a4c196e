package io.parley.core.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.parley.core.room.MediaSettings;
import io.parley.core.room.Room;
import io.parley.core.room.RoomListener;
import io.parley.core.room.RoomMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RoomFactoryTest {
    private final DefaultEventExecutorGroup loops = new DefaultEventExecutorGroup(2);
    private final RoomFactory factory = new RoomFactory(loops, new PooledByteBufAllocator(false),
            MediaSettings.defaults(), RoomMetrics.NONE, RoomListener.NONE);

    @AfterEach
    void stopLoops() {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void newRoomsTakeTheLoopsInTurnAndCountWithTheirLoopsOtherRooms() {
        Room a = factory.create("a");
        Room b = factory.create("b");
        Room c = factory.create("c");

        assertEquals("b", b.name());
        assertNotSame(a.loop(), b.loop(), "the second room goes to the other loop");
        assertSame(a.loop(), c.loop(), "the third comes round to the first again");
        assertSame(a.counters(), c.counters(), "rooms of one loop share its counters");
        assertNotSame(a.counters(), b.counters());
        assertEquals(Set.of(a.loop(), b.loop()), factory.countersByLoop().keySet(), "one set of counters per loop");
        assertSame(a.counters(), factory.countersByLoop().get(a.loop()));
    }
}
