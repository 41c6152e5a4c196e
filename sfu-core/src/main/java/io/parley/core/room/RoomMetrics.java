package io.parley.core.room;

/**
 * Where a room reports what is too frequent for counters it keeps itself. Called on the room's
 * loop; implementations must be cheap and must not block.
 */
public interface RoomMetrics {
    RoomMetrics NONE = latencyNanos -> { };

    /**
     * One publisher packet went out to its subscribers: nanoseconds from its datagram's arrival
     * to the last copy handed to the network.
     */
    void forwarded(long latencyNanos);
}
