package io.parley.core.room;

import io.parley.core.rtcp.RtcpDropReason;

/**
 * What rooms count: packets and bytes by media kind, drops by reason, repair and report events.
 * Rooms on one event loop share one instance, which outlives them so that totals never go down;
 * it is only touched on that loop (plain fields, no locks). Metrics read it by running
 * {@link #addTo} on the loop.
 */
public final class MediaCounters {
    private final long[] packetsIn = new long[MediaKind.values().length];
    private final long[] bytesIn = new long[MediaKind.values().length];
    private final long[] packetsOut = new long[MediaKind.values().length];
    private final long[] bytesOut = new long[MediaKind.values().length];
    private final long[] drops = new long[DropReason.values().length];
    private final long[] rtcpDrops = new long[RtcpDropReason.values().length];
    private final long[] counters = new long[Counter.values().length];

    void received(MediaKind kind, int bytes) {
        packetsIn[kind.ordinal()]++;
        bytesIn[kind.ordinal()] += bytes;
    }

    void sent(MediaKind kind, int bytes) {
        packetsOut[kind.ordinal()]++;
        bytesOut[kind.ordinal()] += bytes;
    }

    void drop(DropReason reason) {
        drops[reason.ordinal()]++;
    }

    void drop(RtcpDropReason reason) {
        drops[DropReason.MALFORMED_RTCP.ordinal()]++;
        rtcpDrops[reason.ordinal()]++;
    }

    void count(Counter counter, long n) {
        counters[counter.ordinal()] += n;
    }

    /** RTP packets publishers sent that belong to a track (decrypted, header included). */
    public long packetsIn(MediaKind kind) {
        return packetsIn[kind.ordinal()];
    }

    public long bytesIn(MediaKind kind) {
        return bytesIn[kind.ordinal()];
    }

    /** RTP packets written for subscribers (retransmissions included), before encryption. */
    public long packetsOut(MediaKind kind) {
        return packetsOut[kind.ordinal()];
    }

    public long bytesOut(MediaKind kind) {
        return bytesOut[kind.ordinal()];
    }

    public long drops(DropReason reason) {
        return drops[reason.ordinal()];
    }

    /** RTCP rejected, by reason (a rejected compound counts once, at its first fault). */
    public long rtcpDrops(RtcpDropReason reason) {
        return rtcpDrops[reason.ordinal()];
    }

    public long counted(Counter counter) {
        return counters[counter.ordinal()];
    }

    /** Adds these counts to {@code sum}; run it on the loop that owns this instance. */
    public void addTo(MediaCounters sum) {
        add(sum.packetsIn, packetsIn);
        add(sum.bytesIn, bytesIn);
        add(sum.packetsOut, packetsOut);
        add(sum.bytesOut, bytesOut);
        add(sum.drops, drops);
        add(sum.rtcpDrops, rtcpDrops);
        add(sum.counters, counters);
    }

    private static void add(long[] into, long[] from) {
        for (int i = 0; i < into.length; i++) {
            into[i] += from[i];
        }
    }
}
