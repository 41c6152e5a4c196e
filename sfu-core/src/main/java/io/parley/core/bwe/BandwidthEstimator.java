package io.parley.core.bwe;

import java.util.Arrays;

/**
 * How many bits per second one subscriber's link takes, from its transport-wide CC feedback: a
 * loss-based and a delay-based controller in the manner of GCC (draft-ietf-rmcat-gcc-02), much
 * simplified. On loss above 10 % the estimate shrinks by half the loss fraction per feedback, and
 * on loss or a rising queueing delay it goes no higher than 85 % of what the receiver
 * acknowledged; otherwise it grows, slowly (8 %/s) for a while after a drop and
 * quickly (50 %/s) when the link has been clean for longer, which lets the allocator probe upward
 * by stepping up a layer. Records what was sent and when, indexed by transport-wide sequence
 * number. Not thread-safe: one per subscriber, on the room's loop.
 */
public final class BandwidthEstimator {
    public static final long START_BPS = 3_000_000;
    static final long MIN_BPS = 100_000;
    static final long MAX_BPS = 20_000_000;
    private static final int HISTORY = 4096;
    private static final double HIGH_LOSS = 0.10;
    private static final double DECREASE = 0.85;
    private static final double SLOW_INCREASE_PER_SECOND = 1.08;
    private static final double FAST_INCREASE_PER_SECOND = 1.5;
    /** After a decrease, growth stays slow this long. */
    static final long CAUTIOUS_NANOS = 5_000_000_000L;
    /** Decreases are at least this far apart. */
    private static final long DECREASE_INTERVAL_NANOS = 300_000_000L;
    /** Delay-based: the smoothed one-way delay must rise this much (µs per feedback) to call it overuse. */
    private static final double OVERUSE_SLOPE_MICROS = 2_000;
    private static final double SMOOTHING = 0.8;
    private static final long ACKED_WINDOW_MICROS = 500_000;

    private final long[] sentNanos = new long[HISTORY];
    private final int[] sentBytes = new int[HISTORY];
    private final int[] sentSeq = new int[HISTORY];
    private long estimate = START_BPS;
    private long lastUpdateNanos;
    private long lastDecreaseNanos = Long.MIN_VALUE;
    private double smoothedDelayMicros = Double.NaN;
    private double previousDelayMicros = Double.NaN;
    private int overuseStreak;
    private long ackedBps;
    /** Bytes acknowledged since the window opened (receiver clock), for a steadier acked rate. */
    private long windowBytes;
    private long windowStartMicros = -1;

    public BandwidthEstimator() {
        Arrays.fill(sentSeq, -1);
    }

    public long estimateBps() {
        return estimate;
    }

    /** What the receiver acknowledged in its last feedback, bit/s, or 0 before one came. */
    public long ackedBps() {
        return ackedBps;
    }

    /** A packet went out with this transport-wide sequence number. */
    public void sent(int seq, int bytes, long nowNanos) {
        int slot = seq & (HISTORY - 1);
        sentSeq[slot] = seq;
        sentNanos[slot] = nowNanos;
        sentBytes[slot] = bytes;
    }

    /**
     * One feedback: packets {@code seqs[0..n)} and their arrival times in the receiver's clock
     * (µs, -1 for lost). Packets we have no record of are ignored.
     */
    public void feedback(int[] seqs, long[] arrivalMicros, int n, long nowNanos) {
        int known = 0;
        int lost = 0;
        long bytes = 0;
        long firstArrival = Long.MAX_VALUE;
        long lastArrival = Long.MIN_VALUE;
        double delaySum = 0;
        int delays = 0;
        long firstSend = 0;
        for (int i = 0; i < n; i++) {
            int slot = seqs[i] & (HISTORY - 1);
            if (sentSeq[slot] != seqs[i]) {
                continue;
            }
            known++;
            if (arrivalMicros[i] < 0) {
                lost++;
                continue;
            }
            bytes += sentBytes[slot];
            firstArrival = Math.min(firstArrival, arrivalMicros[i]);
            lastArrival = Math.max(lastArrival, arrivalMicros[i]);
            long sendMicros = sentNanos[slot] / 1000;
            if (delays == 0) {
                firstSend = sendMicros;
            }
            // One-way delay up to a constant offset between the clocks: only its changes matter.
            delaySum += (arrivalMicros[i] - firstArrival) - (sendMicros - firstSend);
            delays++;
        }
        if (known == 0) {
            return;
        }
        measureAcked(bytes, firstArrival, lastArrival);
        boolean overuse = delayIncreasing(delays == 0 ? Double.NaN : delaySum / delays, firstArrival);
        update((double) lost / known, overuse, nowNanos);
    }

    /**
     * The acknowledged rate over windows of at least {@link #ACKED_WINDOW_MICROS} of the
     * receiver's clock: one feedback covers too short a burst to say what the link carries.
     */
    private void measureAcked(long bytes, long firstArrival, long lastArrival) {
        if (bytes == 0) {
            return;
        }
        if (windowStartMicros < 0 || firstArrival < windowStartMicros) {
            windowStartMicros = firstArrival;
            windowBytes = 0;
        }
        windowBytes += bytes;
        long span = lastArrival - windowStartMicros;
        if (span >= ACKED_WINDOW_MICROS) {
            ackedBps = windowBytes * 8 * 1_000_000 / span;
            windowStartMicros = lastArrival;
            windowBytes = 0;
        }
    }

    /**
     * Tracks the mean relative delay of each feedback, smoothed; a rise beyond the threshold over
     * two feedbacks in a row is overuse (the queue is building).
     */
    private boolean delayIncreasing(double meanRelativeDelay, long firstArrival) {
        if (Double.isNaN(meanRelativeDelay)) {
            return false;
        }
        smoothedDelayMicros = Double.isNaN(smoothedDelayMicros) ? meanRelativeDelay
                : SMOOTHING * smoothedDelayMicros + (1 - SMOOTHING) * meanRelativeDelay;
        boolean rising = !Double.isNaN(previousDelayMicros)
                && smoothedDelayMicros - previousDelayMicros > OVERUSE_SLOPE_MICROS;
        previousDelayMicros = smoothedDelayMicros;
        overuseStreak = rising ? overuseStreak + 1 : 0;
        return overuseStreak >= 2;
    }

    private void update(double lossFraction, boolean overuse, long nowNanos) {
        if (lossFraction > HIGH_LOSS || (overuse && ackedBps > 0)) {
            if (lastDecreaseNanos != Long.MIN_VALUE && nowNanos - lastDecreaseNanos < DECREASE_INTERVAL_NANOS) {
                // One decrease per round of feedback on it: the loss now reported is still the
                // queue the last decrease has yet to drain (GCC decreases once per RTT).
                lastUpdateNanos = nowNanos;
                return;
            }
            // GCC §6: loss-based As(1 - 0.5p); delay-based beta times the acknowledged rate.
            long lossBased = (long) (estimate * (1 - 0.5 * lossFraction));
            long delayBased = ackedBps > 0 ? (long) (DECREASE * ackedBps) : lossBased;
            estimate = clamp(Math.min(lossBased, delayBased));
            lastDecreaseNanos = nowNanos;
        } else if (lossFraction <= HIGH_LOSS && !overuse && lastUpdateNanos != 0) {
            double seconds = Math.min(1.0, (nowNanos - lastUpdateNanos) / 1e9);
            boolean cautious = lastDecreaseNanos != Long.MIN_VALUE && nowNanos - lastDecreaseNanos < CAUTIOUS_NANOS;
            estimate = clamp((long) (estimate * Math.pow(cautious ? SLOW_INCREASE_PER_SECOND
                    : FAST_INCREASE_PER_SECOND, seconds)));
        }
        lastUpdateNanos = nowNanos;
    }

    private static long clamp(long bps) {
        return Math.max(MIN_BPS, Math.min(MAX_BPS, bps));
    }
}
