package io.parley.core.rooms;

import io.parley.core.room.MediaCounters;

/** The rooms' figures at one moment: live gauges and the counters summed over every loop. */
public record RoomsSnapshot(long rooms, long participants, long tracks, MediaCounters counters) {
    public static final RoomsSnapshot EMPTY = new RoomsSnapshot(0, 0, 0, new MediaCounters());
}
