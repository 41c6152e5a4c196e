package io.parley.core.room;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shares one subscriber's send estimate among what it receives: audio first, then video in
 * priority order (see {@link #priority}). Each video subscription gets the best of its layers, up
 * to what its wishes allow, that fits what is left, trying the lower frame rates of a layer
 * before a lower resolution (down to half the frame rate; the lowest layer down to its base rate).
 * The first video always gets at least its lowest layer; the others are suspended when even that
 * does not fit, rather than overloading the link for all. Stepping up needs 15 % headroom so
 * that layers do not flap.
 */
final class BandwidthAllocation {
    private static final Logger LOG = LoggerFactory.getLogger(BandwidthAllocation.class);
    /** A layer must fit this many times over before a subscription steps up to it. */
    private static final double STEP_UP_HEADROOM = 1.15;

    private final String subscriberId;
    private final Room room;
    /** Scratch: the video subscriptions in allocation order. */
    private final List<Subscription> order = new ArrayList<>();
    private final Comparator<Subscription> byPriority = Comparator.comparingLong(this::priority).reversed();
    /** Whether the last allocation gave some video less than it asked for: a reason to probe. */
    private boolean videoHeldBack;

    BandwidthAllocation(String subscriberId, Room room) {
        this.subscriberId = subscriberId;
        this.room = room;
    }

    /** Allocates {@code estimateBps} among {@code subscriptions}; returns what that sends, bit/s. */
    long share(Collection<Subscription> subscriptions, long estimateBps, long nowNanos) {
        videoHeldBack = false;
        long budget = estimateBps;
        order.clear();
        for (Subscription s : subscriptions) {
            if (s.isMuted() || s.track().isMuted()) {
                continue;
            }
            if (s.track().kind() == MediaKind.AUDIO) {
                budget -= s.track().bitrateBps();
            } else {
                order.add(s);
            }
        }
        order.sort(byPriority);
        for (int i = 0, n = order.size(); i < n; i++) {
            Subscription s = order.get(i);
            Track t = s.track();
            int layer = s.layers().wantedLayer(nowNanos);
            // Unlimited until a limit is needed: temporal layers are learnt from the packets.
            int temporal = s.layers().preferredTemporalLayer();
            while (true) {
                long need = t.layerBitrateBps(layer, temporal);
                boolean up = layer > s.currentLayer() || (layer == s.currentLayer()
                        && Math.min(temporal, t.temporalLayerCount(layer) - 1) > s.currentTemporalLayer());
                if (need * (up ? STEP_UP_HEADROOM : 1.0) <= budget) {
                    break;
                }
                videoHeldBack = true;
                int top = Math.min(temporal, t.temporalLayerCount(layer) - 1);
                if (top > (layer == 0 ? 0 : 1)) {
                    temporal = top - 1;
                } else if (layer > 0) {
                    layer--;
                    temporal = s.layers().preferredTemporalLayer();
                } else {
                    layer = i == 0 ? 0 : -1;
                    break;
                }
            }
            if (s.setBandwidthLayer(layer, temporal)) {
                if (LOG.isDebugEnabled()) {
                    LOG.debug("{}: bandwidth allows layer {}/{} of {} (estimate {} kbit/s, needs {} kbit/s)",
                            subscriberId, layer, layer < 0 ? 0 : Math.min(temporal, t.temporalLayerCount(layer) - 1),
                            t.id(), estimateBps / 1000, layer < 0 ? 0 : t.layerBitrateBps(layer, temporal) / 1000);
                }
                s.selectLayer(nowNanos);
            }
            if (layer >= 0) {
                budget -= t.layerBitrateBps(layer, temporal);
            }
        }
        order.clear();
        return estimateBps - budget;
    }

    /** Whether the last {@link #share} gave some video less than it asked for. */
    boolean videoHeldBack() {
        return videoHeldBack;
    }

    /**
     * Allocation priority: what the subscriber pinned, then the dominant speaker's video, then
     * larger tiles before smaller ones (the speaker changes only with a clear margin, see
     * {@link DominantSpeaker#SWITCH_MARGIN}, so this order does not flap).
     */
    private long priority(Subscription s) {
        long pinned = s.isPinned() ? 1L << 33 : 0;
        long speaker = s.track().publisher() == room.dominantSpeaker() ? 1L << 32 : 0;
        return pinned | speaker | s.layers().maxHeight();
    }
}
