package io.parley.core.bwe;

import java.util.Arrays;

import io.parley.core.rtcp.TransportFeedback;

/**
 * How many bits per second one subscriber's link takes, from its transport-wide CC feedback: a
 * loss-based and a delay-based controller in the manner of GCC (draft-ietf-rmcat-gcc-02), much
 * simplified. Loss is judged over windows of 50 packets or a second: above 10 % the estimate
 * shrinks by half the loss fraction (above 25 %, to at most what the receiver acknowledged), and
 * it does not grow until a window is clean again. A queue that builds (one-way delay 25 ms above
 * the lowest seen, not draining) brings it to 85 % of what the receiver acknowledged. Otherwise
 * it grows, slowly (8 %/s) for a while after a drop and quickly (50 %/s) later, but by itself no
 * further than twice what the link has carried: beyond that only a probe (padding on top of
 * media, {@link #beginProbe()}) that the link took raises it. Records what was sent and when,
 * indexed by transport-wide sequence number. Not thread-safe: one per subscriber, on the room's
 * loop.
 */
public final class BandwidthEstimator {
    public static final long START_BPS = 3_000_000;
    static final long MIN_BPS = 100_000;
    static final long MAX_BPS = 20_000_000;
    private static final int HISTORY = 4096;
    private static final double HIGH_LOSS = 0.10;
    /** Loss this heavy is a link full to overflowing: it carries no more than what arrived. */
    private static final double HEAVY_LOSS = 0.25;
    private static final double DECREASE = 0.85;
    private static final double SLOW_INCREASE_PER_SECOND = 1.08;
    private static final double FAST_INCREASE_PER_SECOND = 1.5;
    /** Room to grow above twice the acknowledged rate when that rate is small. */
    private static final long GROWTH_MARGIN_BPS = 200_000;
    /** After a decrease, growth stays slow this long. */
    static final long CAUTIOUS_NANOS = 5_000_000_000L;
    /** Decreases are at least this far apart. */
    private static final long DECREASE_INTERVAL_NANOS = 300_000_000L;
    private static final long ACKED_WINDOW_MICROS = 500_000;
    /**
     * Loss is judged over at least this many packets (or {@link #LOSS_WINDOW_NANOS}): a feedback
     * at a low rate covers a handful, where one random loss reads as 20 %.
     */
    private static final int LOSS_WINDOW_PACKETS = 50;
    private static final long LOSS_WINDOW_NANOS = 1_000_000_000L;
    private static final long ARRIVAL_WRAP_MICROS = (1L << 24) * 64_000;
    /** A probe's feedback is awaited this long after its last packet. */
    static final long PROBE_FEEDBACK_NANOS = 1_000_000_000L;

    private final long[] sentNanos = new long[HISTORY];
    private final int[] sentBytes = new int[HISTORY];
    private final int[] sentSeq = new int[HISTORY];
    /** Whether each packet went out during a probe. */
    private final boolean[] sentInProbe = new boolean[HISTORY];
    private final ProbeTrain probe = new ProbeTrain();
    private long estimate = START_BPS;
    private long lastUpdateNanos;
    private long lastDecreaseNanos = Long.MIN_VALUE;
    private final QueueDelay queue = new QueueDelay();
    private long ackedBps;
    /** Bytes acknowledged since the window opened (receiver clock), for a steadier acked rate. */
    private long windowBytes;
    private long windowStartMicros = -1;
    /** Added to the receiver's arrival times to undo their wrap-around; the last one seen. */
    private long arrivalOffsetMicros;
    private long lastArrivalMicros = Long.MIN_VALUE;
    private long lastAckedArrivalMicros;
    private int lossWindowKnown;
    private int lossWindowLost;
    private long lossWindowStartNanos;
    /** Loss over the last complete loss window. */
    private double lossFraction;

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
        sentInProbe[slot] = probe.sending;
        if (probe.sending) {
            probe.lastSeq = seq;
        }
    }

    /**
     * The sender starts probing: it sends above the estimate for a moment (padding on top of
     * media) to learn whether the link takes more before the allocator steps layers up.
     * Everything sent until {@link #endProbe()} is measured together.
     */
    public void beginProbe() {
        probe.begin();
    }

    /**
     * The probe's last packet went out; its result comes with the first feedback that covers it
     * or a later packet.
     */
    public void endProbe(long nowNanos) {
        probe.sending = false;
        probe.awaited = probe.lastSeq >= 0;
        probe.endNanos = nowNanos;
    }

    /**
     * Whether a probe is being sent or its feedback is still awaited; a probe whose feedback did
     * not come within {@link #PROBE_FEEDBACK_NANOS} (lost, or its record overwritten) is given up.
     */
    public boolean probing(long nowNanos) {
        if (probe.awaited && nowNanos - probe.endNanos > PROBE_FEEDBACK_NANOS) {
            probe.awaited = false;
        }
        return probe.sending || probe.awaited;
    }

    /**
     * One feedback: packets {@code seqs[0..n)} and their arrival times in the receiver's clock
     * (µs, -1 for lost). Packets we have no record of are ignored.
     */
    public void feedback(int[] seqs, long[] arrivalMicros, int n, long nowNanos) {
        unwrap(arrivalMicros, n);
        int known = 0;
        int lost = 0;
        long bytes = 0;
        long firstArrival = Long.MAX_VALUE;
        long lastArrival = Long.MIN_VALUE;
        long delaySum = 0;
        int delays = 0;
        boolean probeCovered = false;
        for (int i = 0; i < n; i++) {
            int slot = seqs[i] & (HISTORY - 1);
            if (sentSeq[slot] != seqs[i]) {
                continue;
            }
            known++;
            if (sentInProbe[slot]) {
                probe.add(sentBytes[slot], sentNanos[slot], arrivalMicros[i]);
            }
            probeCovered |= probe.awaited && !isNewer(probe.lastSeq, seqs[i]);
            if (arrivalMicros[i] == TransportFeedback.NOT_ARRIVED) {
                lost++;
                continue;
            }
            bytes += sentBytes[slot];
            firstArrival = Math.min(firstArrival, arrivalMicros[i]);
            lastArrival = Math.max(lastArrival, arrivalMicros[i]);
            // One-way delay up to a constant offset between the clocks: only its changes matter.
            long delay = arrivalMicros[i] - sentNanos[slot] / 1000;
            queue.observe(delay, arrivalMicros[i]);
            delaySum += delay;
            delays++;
        }
        if (known == 0) {
            return;
        }
        measureAcked(bytes, firstArrival, lastArrival);
        boolean overuse = queue.overuse(delaySum, delays);
        update(lossWindowClosed(known, lost, nowNanos), overuse, nowNanos);
        if (probeCovered) {
            probe.awaited = false;
            long result = probe.resultBps();
            if (result > estimate && !overuse) {
                estimate = clamp(result);
            }
        }
    }

    /** Adds one feedback's packets to the loss window; true when that completed the window. */
    private boolean lossWindowClosed(int known, int lost, long nowNanos) {
        if (lossWindowKnown == 0) {
            lossWindowStartNanos = nowNanos;
        }
        lossWindowKnown += known;
        lossWindowLost += lost;
        if (lossWindowKnown < LOSS_WINDOW_PACKETS && nowNanos - lossWindowStartNanos < LOSS_WINDOW_NANOS) {
            return false;
        }
        lossFraction = (double) lossWindowLost / lossWindowKnown;
        lossWindowKnown = 0;
        lossWindowLost = 0;
        return true;
    }

    /**
     * The acknowledged rate over windows of at least {@link #ACKED_WINDOW_MICROS} of the
     * receiver's clock: one feedback covers too short a burst to say what the link carries.
     */
    private void measureAcked(long bytes, long firstArrival, long lastArrival) {
        if (bytes == 0) {
            return;
        }
        // After a silence (nothing was sent, e.g. video suspended) the window starts afresh: an
        // idle stretch says nothing about what the link carries.
        if (windowStartMicros < 0 || firstArrival < windowStartMicros
                || firstArrival - lastAckedArrivalMicros > ACKED_WINDOW_MICROS) {
            windowStartMicros = firstArrival;
            windowBytes = 0;
        }
        lastAckedArrivalMicros = lastArrival;
        windowBytes += bytes;
        long span = lastArrival - windowStartMicros;
        if (span >= ACKED_WINDOW_MICROS) {
            ackedBps = windowBytes * 8 * 1_000_000 / span;
            windowStartMicros = lastArrival;
            windowBytes = 0;
        }
    }

    /**
     * @param lossJudged a loss window just closed: {@link #lossFraction} is new, and high loss
     *                   in it is a reason to decrease (once per window, not per feedback)
     */
    private void update(boolean lossJudged, boolean overuse, long nowNanos) {
        boolean lossy = lossJudged && lossFraction > HIGH_LOSS;
        if (lossy || (overuse && ackedBps > 0)) {
            if (lastDecreaseNanos != Long.MIN_VALUE && nowNanos - lastDecreaseNanos < DECREASE_INTERVAL_NANOS) {
                // One decrease per round of feedback on it: the loss now reported is still the
                // queue the last decrease has yet to drain (GCC decreases once per RTT).
                lastUpdateNanos = nowNanos;
                return;
            }
            // GCC §6: loss-based As(1 - 0.5p); delay-based beta times the acknowledged rate.
            long lossBased = lossy ? (long) (estimate * (1 - 0.5 * lossFraction)) : estimate;
            if (lossy && lossFraction > HEAVY_LOSS && ackedBps > 0) {
                lossBased = Math.min(lossBased, ackedBps);
            }
            long delayBased = overuse ? (long) (DECREASE * ackedBps) : estimate;
            estimate = clamp(Math.min(lossBased, delayBased));
            lastDecreaseNanos = nowNanos;
        } else if (lossFraction <= HIGH_LOSS && !overuse && lastUpdateNanos != 0) {
            double seconds = Math.min(1.0, (nowNanos - lastUpdateNanos) / 1e9);
            boolean cautious = lastDecreaseNanos != Long.MIN_VALUE && nowNanos - lastDecreaseNanos < CAUTIOUS_NANOS;
            long grown = (long) (estimate * Math.pow(cautious ? SLOW_INCREASE_PER_SECOND
                    : FAST_INCREASE_PER_SECOND, seconds));
            if (ackedBps > 0) {
                // Growth without evidence stops at twice what arrived (GCC bounds it by the
                // acknowledged rate too); it never lowers what a probe or the start granted.
                grown = Math.min(grown, Math.max(estimate, 2 * ackedBps + GROWTH_MARGIN_BPS));
            }
            estimate = clamp(grown);
        }
        lastUpdateNanos = nowNanos;
    }

    /**
     * The receiver's clock in feedback wraps every 2^24 reference units of 64 ms (12.4 days,
     * draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1): a jump of more than half that
     * between feedbacks is a wrap, and arrivals are moved onto one unwrapped time line.
     */
    private void unwrap(long[] arrivalMicros, int n) {
        for (int i = 0; i < n; i++) {
            if (arrivalMicros[i] == TransportFeedback.NOT_ARRIVED) {
                continue;
            }
            if (lastArrivalMicros != Long.MIN_VALUE) {
                long step = arrivalMicros[i] + arrivalOffsetMicros - lastArrivalMicros;
                if (step < -ARRIVAL_WRAP_MICROS / 2) {
                    arrivalOffsetMicros += ARRIVAL_WRAP_MICROS;
                } else if (step > ARRIVAL_WRAP_MICROS / 2) {
                    arrivalOffsetMicros -= ARRIVAL_WRAP_MICROS;
                }
            }
            break;
        }
        for (int i = 0; i < n; i++) {
            if (arrivalMicros[i] != TransportFeedback.NOT_ARRIVED) {
                arrivalMicros[i] += arrivalOffsetMicros;
                lastArrivalMicros = arrivalMicros[i];
            }
        }
    }

    /** RFC 3550 Appendix A.1 for 16-bit numbers: a is newer than b within half the space. */
    private static boolean isNewer(int a, int b) {
        int d = (a - b) & 0xFFFF;
        return d != 0 && d < 0x8000;
    }

    private static long clamp(long bps) {
        return Math.max(MIN_BPS, Math.min(MAX_BPS, bps));
    }
}
