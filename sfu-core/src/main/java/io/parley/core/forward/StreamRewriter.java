package io.parley.core.forward;

/**
 * Maps a source stream's sequence numbers and timestamps onto one outgoing stream. The first
 * source keeps its numbering plus a random offset; when the source changes (a publisher restart,
 * later a layer switch), the new one continues right after the last packet sent, so the
 * subscriber never sees a gap or a jump the server created (RFC 3550 §5.1: sequence numbers
 * increment by one, timestamps advance with sampling time). Not thread-safe: one per
 * subscription, used on the room's loop.
 */
public final class StreamRewriter {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long MAX_PAUSE_NANOS = 3_600 * NANOS_PER_SECOND;
    /** Reordering is never this deep: a packet this far behind the newest is not "late". */
    private static final int MAX_REORDER = 0x8000;

    private final int clockRate;
    private long sourceSsrc = -1;
    /** The highest sequence number of the current source. */
    private int sourceHighestSeq;
    private int seqOffset;
    /** How far the current source is past its first packet, up to {@link #MAX_REORDER}. */
    private int sourceSpan;
    /** {@link #sourceHighestSeq} extended past its wrap-arounds, to order skips across them. */
    private long sourceExtendedHighest;
    private final RecentNumbers skipped = new RecentNumbers();
    private long timestampOffset;
    private int highestOutSeq;
    private long highestOutTimestamp;
    private long highestOutNanos;
    private boolean started;
    private int outSeq;
    private long outTimestamp;

    /**
     * @param clockRate   RTP clock rate of the stream, to carry time across a source change
     * @param initialSeq  the first outgoing sequence number (RFC 3550 §5.1 recommends a random one)
     * @param initialTs   the first outgoing timestamp
     */
    public StreamRewriter(int clockRate, int initialSeq, long initialTs) {
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clock rate must be positive: " + clockRate);
        }
        this.clockRate = clockRate;
        this.highestOutSeq = (initialSeq - 1) & 0xFFFF;
        this.highestOutTimestamp = initialTs & 0xFFFFFFFFL;
    }

    /**
     * Computes the outgoing numbers of one source packet; read them with {@link #sequenceNumber()}
     * and {@link #timestamp()}. A late packet is numbered as if it had come in order, past the
     * packets left out before it ({@link #skip}). Returns false, computing nothing, for a late
     * packet from before the current source started (a repair arriving after a pause), whose
     * numbers are taken, and for one from before skips that are forgotten.
     */
    public boolean rewrite(long ssrc, int seq, long timestamp, long nowNanos) {
        int lateSkips = 0;
        if (ssrc != sourceSsrc) {
            switchSource(ssrc, seq, timestamp, nowNanos);
        } else if (isNewer(seq, sourceHighestSeq)) {
            advance(seq);
        } else {
            int behind = (sourceHighestSeq - seq) & 0xFFFF;
            if (sourceSpan < MAX_REORDER && behind > sourceSpan) {
                // Older than the source's first packet, seen from its newest: from before the switch.
                return false;
            }
            lateSkips = skipped.between(sourceExtendedHighest - behind, sourceExtendedHighest);
            if (lateSkips < 0) {
                return false;
            }
        }
        outSeq = (seq + seqOffset + lateSkips) & 0xFFFF;
        outTimestamp = (timestamp + timestampOffset) & 0xFFFFFFFFL;
        if (!started || isNewer(outSeq, highestOutSeq)) {
            highestOutSeq = outSeq;
            highestOutTimestamp = outTimestamp;
            highestOutNanos = nowNanos;
            started = true;
        }
        return true;
    }

    /**
     * Leaves a source packet out (a frame of a temporal layer the subscriber does not get, or
     * padding): later packets close the gap, so the subscriber sees consecutive numbers and
     * does not ask for what was never meant for it. A late packet (older than the newest seen)
     * cannot be closed over, since its successors went out already; it stays a gap.
     */
    public void skip(long ssrc, int seq) {
        if (ssrc != sourceSsrc || !isNewer(seq, sourceHighestSeq)) {
            return;
        }
        advance(seq);
        skipped.add(sourceExtendedHighest);
        seqOffset = (seqOffset - 1) & 0xFFFF;
    }

    /**
     * Whether a packet of the current source is late: not newer than the newest seen (a
     * reordered or repaired packet, or a duplicate).
     */
    public boolean isLate(long ssrc, int seq) {
        return ssrc == sourceSsrc && !isNewer(seq, sourceHighestSeq);
    }

    private void advance(int seq) {
        int ahead = (seq - sourceHighestSeq) & 0xFFFF;
        sourceSpan = Math.min(MAX_REORDER, sourceSpan + ahead);
        sourceExtendedHighest += ahead;
        sourceHighestSeq = seq;
    }

    /**
     * The stream pauses (a mute): the next packet, whatever its numbers, continues right after the
     * last one sent, as after a source change.
     */
    public void pause() {
        sourceSsrc = -1;
    }

    public int sequenceNumber() {
        return outSeq;
    }

    public long timestamp() {
        return outTimestamp;
    }

    /** The last sequence number sent (the highest, in RFC 3550 wrap-around order). */
    public int highestSequenceNumber() {
        return highestOutSeq;
    }

    /** The highest timestamp sent, and when: an SR extrapolates the stream's clock from them. */
    public long highestTimestamp() {
        return highestOutTimestamp;
    }

    public long highestTimestampNanos() {
        return highestOutNanos;
    }

    /** Whether anything was sent yet. */
    public boolean started() {
        return started;
    }

    private void switchSource(long ssrc, int seq, long timestamp, long nowNanos) {
        // A pause of more than an hour counts as one: the product would overflow after a day.
        long elapsedNanos = Math.min(nowNanos - highestOutNanos, MAX_PAUSE_NANOS);
        long elapsedTicks = started ? Math.max(1, elapsedNanos * clockRate / NANOS_PER_SECOND) : 0;
        seqOffset = (highestOutSeq + 1 - seq) & 0xFFFF;
        timestampOffset = (highestOutTimestamp + elapsedTicks - timestamp) & 0xFFFFFFFFL;
        sourceSsrc = ssrc;
        sourceHighestSeq = seq;
        sourceExtendedHighest = seq;
        sourceSpan = 0;
        skipped.clear();
    }

    /** RFC 3550 Appendix A.1: a is newer than b within half the 16-bit space. */
    private static boolean isNewer(int a, int b) {
        int d = (a - b) & 0xFFFF;
        return d != 0 && d < 0x8000;
    }
}
