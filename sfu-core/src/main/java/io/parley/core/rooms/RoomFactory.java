package io.parley.core.rooms;

import java.util.HashMap;
import java.util.Map;

import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import io.parley.core.room.MediaCounters;
import io.parley.core.room.MediaSettings;
import io.parley.core.room.Room;
import io.parley.core.room.RoomListener;
import io.parley.core.room.RoomMetrics;

/**
 * Makes the server's rooms and places them: each new room lives on the next event loop of the
 * group, and counts into the counters it shares with that loop's other rooms. Those outlive the
 * rooms, so that totals never go down when a room closes.
 */
public final class RoomFactory {
    private final EventExecutorGroup loops;
    private final ByteBufAllocator allocator;
    private final MediaSettings media;
    private final RoomMetrics metrics;
    private final RoomListener listener;
    /** Filled here and never changed: any thread may look a loop up. */
    private final Map<EventExecutor, MediaCounters> countersByLoop;

    public RoomFactory(EventExecutorGroup loops, ByteBufAllocator allocator, MediaSettings media, RoomMetrics metrics,
                       RoomListener listener) {
        Map<EventExecutor, MediaCounters> counters = new HashMap<>();
        for (EventExecutor loop : loops) {
            counters.put(loop, new MediaCounters());
        }
        this.countersByLoop = Map.copyOf(counters);
        this.loops = loops;
        this.allocator = allocator;
        this.media = media;
        this.metrics = metrics;
        this.listener = listener;
    }

    Room create(String name) {
        EventExecutor loop = loops.next();
        return new Room(name, loop, allocator, media, listener, countersByLoop.get(loop), metrics);
    }

    /** Each loop's shared counters, to be read only on that loop. */
    Map<EventExecutor, MediaCounters> countersByLoop() {
        return countersByLoop;
    }
}
