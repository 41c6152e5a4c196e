package io.parley.core.room;

/**
 * When to ask one layer's publisher for a keyframe (RFC 4585 §6.3.1 PLI): at most once per
 * {@link #INTERVAL_NANOS}, so that a storm of subscriber requests becomes one upstream request.
 * A request inside the interval is not lost: it goes when the interval ends if no keyframe came
 * meanwhile, and so does a repeat when the publisher's keyframe (or our PLI) went missing.
 */
final class KeyframeRequests {
    static final long INTERVAL_NANOS = 300_000_000L;

    private long lastSentNanos;
    private boolean sentOnce;
    /** A keyframe was asked for and has not arrived. */
    private boolean wanted;

    /**
     * Someone wants a keyframe; true if a PLI should go now (it is then taken as sent).
     * {@code canSend}: false while the layer's SSRC is unknown, which leaves the wish pending.
     */
    boolean request(long nowNanos, boolean canSend) {
        wanted = true;
        if (!canSend || (sentOnce && nowNanos - lastSentNanos < INTERVAL_NANOS)) {
            return false;
        }
        sent(nowNanos);
        return true;
    }

    /** On a packet that is no keyframe: true if a wanted keyframe is due to be asked for again. */
    boolean repeatDue(long nowNanos) {
        if (!wanted || nowNanos - lastSentNanos < INTERVAL_NANOS) {
            return false;
        }
        sent(nowNanos);
        return true;
    }

    /** A keyframe arrived; true if one had been asked for. */
    boolean arrived() {
        boolean was = wanted;
        wanted = false;
        return was;
    }

    /** Whether a keyframe was asked for and has not arrived. */
    boolean isWanted() {
        return wanted;
    }

    long sinceLastSentNanos(long nowNanos) {
        return nowNanos - lastSentNanos;
    }

    private void sent(long nowNanos) {
        lastSentNanos = nowNanos;
        sentOnce = true;
    }
}
