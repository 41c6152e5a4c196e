package io.parley.admin.signal;

/**
 * A token bucket for one WebSocket's signalling messages: {@code perSecond} on average, bursts of
 * twice that. Each message costs the room's loop SDP work or a broadcast, so a client that sends
 * faster is answered with an error, and closed if it keeps on.
 */
final class MessageRate {
    private final double perNano;
    private final double burst;
    private double tokens;
    private long lastNanos;
    private int refusedInARow;

    MessageRate(int perSecond, long nowNanos) {
        this.perNano = perSecond / 1e9;
        this.burst = 2.0 * perSecond;
        this.tokens = burst;
        this.lastNanos = nowNanos;
    }

    /** True if a message arriving now may be handled. Called on the connection's own thread. */
    boolean admit(long nowNanos) {
        tokens = Math.min(burst, tokens + (nowNanos - lastNanos) * perNano);
        lastNanos = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            refusedInARow = 0;
            return true;
        }
        refusedInARow++;
        return false;
    }

    /** A client that ignores a whole burst's worth of refusals will not slow down by itself. */
    boolean persistentlyOver() {
        return refusedInARow > burst;
    }
}
