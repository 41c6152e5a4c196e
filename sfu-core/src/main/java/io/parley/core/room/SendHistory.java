package io.parley.core.room;

import java.util.Arrays;

/**
 * What one subscription sent under each recent outgoing sequence number (a ring indexed by it,
 * as big as the track's packet cache), so that a NACK of the subscriber's numbering finds the
 * source packet and repeats the numbers it first went out with; and the retransmission budget
 * that keeps repair from adding to congestion (RFC 4588 §7). Parallel arrays rather than an
 * object per packet: nothing is allocated per packet.
 */
final class SendHistory {
    /**
     * A subscriber earns half a retransmission per packet forwarded, up to a burst of 64, so
     * NACKs cannot make the server send more than 1.5 times the stream.
     */
    private static final int BUDGET_PER_PACKET = 1;
    private static final int BUDGET_PER_RETRANSMISSION = 2;
    private static final int MAX_BUDGET = 128;
    private static final long NEVER = Long.MIN_VALUE;

    private final int[] outSeq;
    private final int[] sourceSeq;
    private final int[] timestamp;
    private final byte[] layer;
    private final int[] pictureDeltas;
    private final long[] lastResendNanos;
    private final int mask;
    private int budget;

    /** @param capacity a power of two: the track's packet cache size */
    SendHistory(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        outSeq = new int[capacity];
        sourceSeq = new int[capacity];
        timestamp = new int[capacity];
        layer = new byte[capacity];
        pictureDeltas = new int[capacity];
        lastResendNanos = new long[capacity];
        mask = capacity - 1;
        Arrays.fill(outSeq, -1);
    }

    /** Records a packet forwarded for the first time; it earns part of a retransmission. */
    void sent(int seq, int sourceSeq, long timestamp, int layer) {
        int slot = seq & mask;
        outSeq[slot] = seq;
        this.sourceSeq[slot] = sourceSeq;
        this.timestamp[slot] = (int) timestamp;
        this.layer[slot] = (byte) layer;
        pictureDeltas[slot] = 0;
        lastResendNanos[slot] = NEVER;
        budget = Math.min(MAX_BUDGET, budget + BUDGET_PER_PACKET);
    }

    /** The picture numbering offsets the packet went out with (VP8/VP9), for its retransmission. */
    void pictureDeltas(int seq, int deltas) {
        pictureDeltas[seq & mask] = deltas;
    }

    /** The slot of outgoing sequence number {@code seq}, or -1 when it is no longer (or never was) here. */
    int find(int seq) {
        int slot = seq & mask;
        return outSeq[slot] == seq ? slot : -1;
    }

    /**
     * Whether the packet in {@code slot} may go again now: not resent within {@code gapNanos}
     * (a round trip: the subscriber NACKs again before it could have got the last copy) and the
     * budget has room.
     */
    boolean mayResend(int slot, long nowNanos, long gapNanos) {
        boolean recentlyResent = lastResendNanos[slot] != NEVER && nowNanos - lastResendNanos[slot] < gapNanos;
        return !recentlyResent && budget >= BUDGET_PER_RETRANSMISSION;
    }

    /** The packet in {@code slot} was resent: it spends budget and waits a gap before the next time. */
    void resent(int slot, long nowNanos) {
        lastResendNanos[slot] = nowNanos;
        budget -= BUDGET_PER_RETRANSMISSION;
    }

    int sourceSeq(int slot) {
        return sourceSeq[slot];
    }

    long timestamp(int slot) {
        return timestamp[slot] & 0xFFFFFFFFL;
    }

    int layer(int slot) {
        return layer[slot];
    }

    int pictureDeltas(int slot) {
        return pictureDeltas[slot];
    }
}
