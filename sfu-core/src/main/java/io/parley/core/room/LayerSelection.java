package io.parley.core.room;

import io.parley.core.codec.FrameInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which of a track's layers one subscriber gets: the spatial layer forwarded now and the one it
 * should switch to, the temporal layer cut, and the three things that bound them (the
 * subscriber's tile size, its own choice, and what its bandwidth allocation gives).
 */
final class LayerSelection {
    private static final Logger LOG = LoggerFactory.getLogger(LayerSelection.class);
    private static final long NEVER = Long.MIN_VALUE;
    /** A step up in temporal layer waits this long for a sync frame, then asks for a keyframe. */
    private static final long TEMPORAL_SYNC_WAIT_NANOS = 2_000_000_000L;

    private final Track track;
    /** Named in the log lines: the subscription this selection is for. */
    private final Object owner;
    /**
     * The layer being forwarded, or -1 while video waits for a keyframe to (re)start at: a new
     * subscription, a resume after a pause, a switch to another layer.
     */
    private int currentLayer;
    /**
     * The layer it should get; it switches at that layer's next keyframe. -1 while the
     * allocation gives it no video at all (suspended: the subscriber's link is too narrow).
     */
    private int targetLayer;
    /** The highest temporal layer forwarded now (VP8/VP9 TID, AV1 temporal id); frames above it are left out. */
    private int currentTemporal = Integer.MAX_VALUE;
    /** The highest temporal layer it should get: down at the next frame, up at a sync point. */
    private int targetTemporal = Integer.MAX_VALUE;
    /** Since when a step up waits for a sync frame, or {@link #NEVER}. */
    private long temporalWaitSinceNanos = NEVER;
    /** The subscriber's wish: at most this many pixels tall (its tile), or no limit. */
    private int maxHeight = Integer.MAX_VALUE;
    /** The highest layer the subscriber's bandwidth allows, set by its allocation; -1: none. */
    private int bandwidthLayer = Integer.MAX_VALUE;
    private int bandwidthTemporal = Integer.MAX_VALUE;
    /** The highest spatial layer the subscriber chose for this track, or no limit. */
    private int preferredLayer = Integer.MAX_VALUE;
    /** The highest temporal layer the subscriber chose for this track, or no limit. */
    private int preferredTemporalLayer = Integer.MAX_VALUE;

    LayerSelection(Track track, Object owner) {
        this.track = track;
        this.owner = owner;
        this.targetLayer = track.layerCount() - 1;
        this.currentLayer = track.startsAtKeyframe() ? -1 : targetLayer;
    }

    /** The layer being forwarded, or -1 while waiting for a keyframe. */
    int currentLayer() {
        return currentLayer;
    }

    /** The layer it switches to at that layer's next keyframe, or -1 while suspended. */
    int targetLayer() {
        return targetLayer;
    }

    /** The layer a keyframe request should be for now, or -1 while suspended. */
    int layerToRefresh() {
        return currentLayer >= 0 ? currentLayer : targetLayer;
    }

    /** The highest temporal layer forwarded (0: the base frame rate only). */
    int currentTemporalLayer() {
        return Math.min(currentTemporal, track.temporalLayerCount(Math.max(0, currentLayer)) - 1);
    }

    /** Whether the allocation gives it no video at all for now. */
    boolean isSuspended() {
        return bandwidthLayer < 0;
    }

    /** The tile height the subscriber shows it at, or {@link Integer#MAX_VALUE}: no limit. */
    int maxHeight() {
        return maxHeight;
    }

    /** The highest temporal layer the subscriber chose, or {@link Integer#MAX_VALUE}: no limit. */
    int preferredTemporalLayer() {
        return preferredTemporalLayer;
    }

    /** 0 or less: no limit. */
    void setMaxHeight(int height) {
        maxHeight = height <= 0 ? Integer.MAX_VALUE : height;
    }

    /** Negative: no limit. */
    void setPreferred(int spatial, int temporal) {
        preferredLayer = spatial < 0 ? Integer.MAX_VALUE : spatial;
        preferredTemporalLayer = temporal < 0 ? Integer.MAX_VALUE : temporal;
    }

    /** The layer the subscriber's wishes alone (size and preference) would pick. */
    int wantedLayer(long nowNanos) {
        return track.chooseLayer(maxHeight, preferredLayer, nowNanos);
    }

    /** What the bandwidth allocation gives (spatial -1: nothing); true if that changed. */
    boolean setBandwidthLayer(int layer, int temporal) {
        boolean changed = layer != bandwidthLayer || temporal != bandwidthTemporal;
        bandwidthLayer = layer;
        bandwidthTemporal = temporal;
        return changed;
    }

    /** The stream paused: video resumes at a keyframe, since the decoder missed its references. */
    void restartAtKeyframe() {
        if (track.startsAtKeyframe()) {
            currentLayer = -1;
        }
    }

    /**
     * Picks the target layer again and asks for its keyframe when it is not the current one
     * (unless {@code muted}). True if this suspended the subscription just now: its stream
     * stops until the allocation gives it a layer again.
     */
    boolean select(boolean muted, long nowNanos) {
        targetTemporal = Math.min(preferredTemporalLayer, bandwidthTemporal);
        if (bandwidthLayer < 0) {
            if (targetLayer < 0) {
                return false;
            }
            LOG.debug("{}: suspended, the link cannot take it", owner);
            targetLayer = -1;
            currentLayer = -1;
            return true;
        }
        int target = track.chooseLayer(maxHeight, Math.min(preferredLayer, bandwidthLayer), nowNanos);
        if (target != targetLayer && LOG.isDebugEnabled()) {
            LOG.debug("{}: target layer {} -> {} (max height {}, layer height {})", owner, targetLayer, target,
                    maxHeight, track.layerHeight(target));
        }
        targetLayer = target;
        if (currentLayer < 0 && !track.startsAtKeyframe()) {
            currentLayer = targetLayer;
        }
        if (targetLayer != currentLayer && !muted) {
            track.requestKeyframe(targetLayer, nowNanos);
        }
        return false;
    }

    /**
     * Whether a packet of {@code layer} may go out: the current layer's, or the target layer's
     * keyframe, where the decoder needs nothing from before (RFC 7741 §4.3).
     */
    boolean admitsLayer(int layer, boolean keyframe) {
        return layer == currentLayer || (layer == targetLayer && keyframe);
    }

    /** The packet of {@code layer} went out: that layer is current now. */
    void forwarded(int layer) {
        if (layer != currentLayer) {
            LOG.debug("{}: now on layer {} (was {})", owner, layer, currentLayer);
            currentLayer = layer;
        }
    }

    /** Whether a reordered or repaired frame at {@code temporalId} is above the cut. */
    boolean isAboveTemporalCut(int temporalId) {
        return temporalId > currentTemporal;
    }

    /**
     * Moves the temporal layer toward its target at this packet and says whether the packet's
     * frame is forwarded. A keyframe resets everything; a step up goes as far toward the target as
     * the frame is a switching point for (RFC 7741 §4.2 Y bit, RFC 9628 §4.2 U bit, an AV1
     * "switch" indication), and one that waits too long asks for a keyframe, since an encoder may
     * never mark a switching point.
     */
    boolean admitsTemporal(int layer, FrameInfo frame, boolean restart, long nowNanos) {
        if (restart) {
            currentTemporal = targetTemporal;
        } else if (frame.startsFrame()) {
            int reachable = Math.min(targetTemporal, frame.switchHigh());
            if (targetTemporal < currentTemporal) {
                currentTemporal = targetTemporal;
            } else if (reachable > currentTemporal && reachable >= frame.switchLow()) {
                currentTemporal = reachable;
            }
        }
        if (currentTemporal >= targetTemporal || currentTemporal >= track.temporalLayerCount(layer) - 1) {
            temporalWaitSinceNanos = NEVER;
        } else if (temporalWaitSinceNanos == NEVER) {
            temporalWaitSinceNanos = nowNanos;
        } else if (nowNanos - temporalWaitSinceNanos > TEMPORAL_SYNC_WAIT_NANOS) {
            temporalWaitSinceNanos = nowNanos;
            track.requestKeyframe(layer, nowNanos);
        }
        return frame.temporalId() <= currentTemporal;
    }
}
