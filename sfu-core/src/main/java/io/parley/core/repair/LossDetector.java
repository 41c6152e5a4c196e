package io.parley.core.repair;

/**
 * Finds the packets missing from one incoming stream and decides when to NACK them (RFC 4585
 * §6.2.1): a gap in the sequence numbers records each missing packet; {@link #collect} hands out
 * those due for a (re)request, each at most {@code MAX_TRIES} times and only while a
 * retransmission could still help. A gap too large to repair packet by packet is given up,
 * and the caller asks for a keyframe instead. Not thread-safe: used on the room's loop.
 */
public final class LossDetector {
    /** Missing packets tracked at once; more than this is a loss a keyframe repairs better. */
    static final int CAPACITY = 256;
    static final int MAX_TRIES = 5;
    /** After this, a packet would reach the decoder too late to matter. */
    static final long MAX_AGE_NANOS = 1_000_000_000L;

    private final int[] missing = new int[CAPACITY];
    private final long[] missingSince = new long[CAPACITY];
    private final long[] lastRequest = new long[CAPACITY];
    private final int[] tries = new int[CAPACITY];
    private int count;
    private boolean started;
    private int highest;

    /**
     * Records an arrival. Returns false when the stream lost more than NACKs can repair: the
     * caller should request a keyframe.
     */
    public boolean received(int seq, long nowNanos) {
        if (!started) {
            started = true;
            highest = seq;
            return true;
        }
        int delta = (seq - highest) & 0xFFFF;
        if (delta == 0) {
            return true;
        }
        if (delta >= 0x8000) {
            remove(seq);
            return true;
        }
        int gap = delta - 1;
        highest = seq;
        if (gap == 0) {
            return true;
        }
        if (count + gap > CAPACITY) {
            count = 0;
            return false;
        }
        for (int i = gap; i >= 1; i--) {
            missing[count] = (seq - i) & 0xFFFF;
            missingSince[count] = nowNanos;
            lastRequest[count] = Long.MIN_VALUE;
            tries[count] = 0;
            count++;
        }
        return true;
    }

    /**
     * Writes into {@code out} (oldest first) the missing sequence numbers due for a request now,
     * and forgets those past their last try or too old. Returns how many were written.
     */
    public int collect(int[] out, long nowNanos, long retryIntervalNanos) {
        int n = 0;
        int kept = 0;
        for (int i = 0; i < count; i++) {
            if (tries[i] >= MAX_TRIES || nowNanos - missingSince[i] > MAX_AGE_NANOS) {
                continue;
            }
            if (n < out.length && (lastRequest[i] == Long.MIN_VALUE || nowNanos - lastRequest[i] >= retryIntervalNanos)) {
                out[n++] = missing[i];
                lastRequest[i] = nowNanos;
                tries[i]++;
            }
            move(i, kept++);
        }
        count = kept;
        return n;
    }

    /** Packets currently missing. */
    public int missingCount() {
        return count;
    }

    private void remove(int seq) {
        for (int i = 0; i < count; i++) {
            if (missing[i] == seq) {
                for (int j = i + 1; j < count; j++) {
                    move(j, j - 1);
                }
                count--;
                return;
            }
        }
    }

    private void move(int from, int to) {
        if (from != to) {
            missing[to] = missing[from];
            missingSince[to] = missingSince[from];
            lastRequest[to] = lastRequest[from];
            tries[to] = tries[from];
        }
    }
}
