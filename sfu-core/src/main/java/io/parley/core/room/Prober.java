package io.parley.core.room;

import java.util.Collection;

import io.parley.core.bwe.BandwidthEstimator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes one subscriber's link while it holds video back: for a moment the server sends at twice
 * the estimate, padding on a repair stream on top of media, and the feedback tells whether the
 * link took it. A probe that raised the estimate may be followed by another after the short gap;
 * each one that did not doubles the gap, so a narrow link is not flooded every second.
 */
final class Prober {
    private static final Logger LOG = LoggerFactory.getLogger(Prober.class);
    private static final long PROBE_NANOS = 250_000_000L;
    private static final long MIN_PROBE_GAP_NANOS = 1_000_000_000L;
    private static final long MAX_PROBE_GAP_NANOS = 16_000_000_000L;
    private static final double PROBE_FACTOR = 2.0;
    /** A probe counts as successful when it raised the estimate by this much. */
    private static final double PROBE_SUCCESS = 1.1;
    /** Padding per packet: the most RTP padding can say (RFC 3550 §5.1, one octet count). */
    static final int PADDING_BYTES = 255;

    private final String subscriberId;
    private final Room room;
    private final BandwidthEstimator bandwidth;
    /** The subscription whose repair stream carries the running probe's padding, or null. */
    private Subscription carrier;
    private long paddingBps;
    private long endNanos;
    private long lastPaddingNanos;
    private long paddingDebtBytes;
    private long nextProbeNanos;
    private long gapNanos = MIN_PROBE_GAP_NANOS;
    /** The estimate when the last probe started, 0 once its outcome was taken. */
    private long estimateBefore;

    Prober(String subscriberId, Room room, BandwidthEstimator bandwidth) {
        this.subscriberId = subscriberId;
        this.room = room;
        this.bandwidth = bandwidth;
    }

    /**
     * Starts a probe when the link holds video back and the gap since the last one has passed;
     * takes the outcome of the last one first. {@code usedBps}: what the allocation sends.
     */
    void consider(Collection<Subscription> subscriptions, long usedBps, boolean videoHeldBack, long nowNanos) {
        if (carrier != null || bandwidth.probing(nowNanos)) {
            return;
        }
        if (estimateBefore > 0) {
            boolean raised = bandwidth.estimateBps() > estimateBefore * PROBE_SUCCESS;
            gapNanos = raised ? MIN_PROBE_GAP_NANOS : Math.min(MAX_PROBE_GAP_NANOS, gapNanos * 2);
            nextProbeNanos = nowNanos + gapNanos;
            estimateBefore = 0;
        }
        if (!videoHeldBack || nowNanos - nextProbeNanos < 0) {
            return;
        }
        Subscription found = null;
        for (Subscription s : subscriptions) {
            if (s.repair() != null && s.hasSent()) {
                found = s;
                break;
            }
        }
        long estimate = bandwidth.estimateBps();
        long padding = (long) (estimate * PROBE_FACTOR) - usedBps;
        if (found == null || padding <= 0) {
            return;
        }
        LOG.debug("{}: probing at {} kbit/s of padding over {} kbit/s of media", subscriberId, padding / 1000,
                usedBps / 1000);
        carrier = found;
        paddingBps = padding;
        endNanos = nowNanos + PROBE_NANOS;
        lastPaddingNanos = nowNanos;
        paddingDebtBytes = 0;
        estimateBefore = estimate;
        bandwidth.beginProbe();
    }

    /**
     * Sends the running probe's padding due since the last call; every room tick.
     * {@code carrierStillSubscribed}: whether the carrying subscription still exists.
     */
    void sendPadding(boolean carrierStillSubscribed, long nowNanos) {
        if (nowNanos - endNanos >= 0 || !carrierStillSubscribed) {
            carrier = null;
            bandwidth.endProbe(nowNanos);
            return;
        }
        // At most two ticks' worth at once: a late tick must not become one large burst.
        paddingDebtBytes = Math.min(paddingDebtBytes + paddingBps * (nowNanos - lastPaddingNanos) / 8_000_000_000L,
                paddingBps * 2 * Room.TICK_NANOS / 8_000_000_000L);
        lastPaddingNanos = nowNanos;
        while (paddingDebtBytes >= PADDING_BYTES) {
            carrier.sendPadding(PADDING_BYTES);
            room.count(Counter.PADDING_SENT);
            paddingDebtBytes -= PADDING_BYTES;
        }
    }

    /** The subscription carrying the running probe, or null when none runs. */
    Subscription carrier() {
        return carrier;
    }
}
