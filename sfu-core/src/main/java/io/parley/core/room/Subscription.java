package io.parley.core.room;

import io.netty.buffer.ByteBuf;
import io.parley.core.codec.FrameInfo;
import io.parley.core.forward.StreamRewriter;
import io.parley.core.forward.PictureNumbering;
import io.parley.core.repair.PacketCache;
import io.parley.core.rtp.RtpPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscriber's view of one track: the stable SSRC announced in the subscriber's SDP, its own
 * payload type and header extension numbering, and the sequence/timestamp rewriting that keeps
 * the stream continuous.
 */
public final class Subscription {
    private static final Logger LOG = LoggerFactory.getLogger(Subscription.class);
    /** Unknown round-trip time: the same packet is resent at most this often. */
    private static final long DEFAULT_RESEND_GAP_NANOS = 50_000_000L;
    private static final long NEVER = Long.MIN_VALUE;
    /** A step up in temporal layer waits this long for a sync frame, then asks for a keyframe. */
    private static final long TEMPORAL_SYNC_WAIT_NANOS = 2_000_000_000L;

    private final Participant subscriber;
    private final Track track;
    private final long ssrc;
    private final String mid;
    private final RtpCodec codec;
    private final StreamRewriter rewriter;
    /** VP8/VP9 picture numbering across layer switches and left-out pictures; null for other formats. */
    private final PictureNumbering pictures;
    /** Where retransmissions go, or null to resend them as the original packets. */
    private final RepairStream repair;
    private final CopyWriter writer;
    private boolean muted;
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
    /** The subscriber pinned this track: its video is served first when bandwidth is short. */
    private boolean pinned;
    private long packetsSent;
    private long octetsSent;
    /** What went out, for retransmissions; null when the track has no cache. */
    private final SendHistory history;
    private final DecodingLoopWatch decodingLoop = new DecodingLoopWatch();
    /** Fraction lost (1/256) in the subscriber's last reception report about this stream. */
    private int fractionLost;

    Subscription(Participant subscriber, Track track, long ssrc, String mid, RtpCodec codec,
                 ExtensionIds extensions, RepairStream repair, int initialSeq, long initialTimestamp) {
        this.subscriber = subscriber;
        this.track = track;
        this.ssrc = ssrc;
        this.mid = mid;
        this.codec = codec;
        this.rewriter = new StreamRewriter(codec.clockRate(), initialSeq, initialTimestamp);
        this.pictures = track.videoCodec().numbersPictures() ? new PictureNumbering(track.videoCodec()) : null;
        this.repair = repair;
        this.writer = new CopyWriter(subscriber, track, ssrc, mid, codec, extensions, repair, pictures,
                initialSeq ^ 0x5A5A);
        this.targetLayer = track.layerCount() - 1;
        this.currentLayer = track.startsAtKeyframe() ? -1 : targetLayer;
        PacketCache cache = track.cache(0);
        this.history = cache == null ? null : new SendHistory(cache.capacity());
    }

    public Participant subscriber() {
        return subscriber;
    }

    public Track track() {
        return track;
    }

    /** The RTX stream for retransmissions, or null when they resend the original packets. */
    public RepairStream repair() {
        return repair;
    }

    /** The SSRC this subscriber sees for the track. */
    public long ssrc() {
        return ssrc;
    }

    /** The subscriber's m-line that receives the track. */
    public String mid() {
        return mid;
    }

    public RtpCodec codec() {
        return codec;
    }

    /** Whether this subscriber muted the track for itself only. */
    public boolean isMuted() {
        return muted;
    }

    /**
     * Stops or resumes sending the track to this subscriber only. Resuming continues the
     * numbering without a gap and asks for a keyframe so video restarts at once.
     */
    public void setMuted(boolean muted) {
        if (this.muted == muted) {
            return;
        }
        this.muted = muted;
        pause();
        if (!muted) {
            requestKeyframe();
        }
    }

    /**
     * The stream stops here for a while (muted by either side): the numbering continues across
     * the pause, and video resumes at a keyframe since the decoder missed its references.
     */
    void pause() {
        rewriter.pause();
        if (track.startsAtKeyframe()) {
            currentLayer = -1;
        }
    }

    /** Asks the publisher for a keyframe, e.g. when the subscriber's transport just came up. */
    public void requestKeyframe() {
        int layer = currentLayer >= 0 ? currentLayer : targetLayer;
        if (layer >= 0) {
            track.requestKeyframe(layer, System.nanoTime());
        }
    }

    /**
     * The subscriber asked for a keyframe (PLI or FIR). Asked again and again right after
     * keyframes went out, it cannot decode the stream: that is counted, and logged now and then,
     * so a decoding loop does not go unnoticed.
     */
    void keyframeRequestedBySubscriber(long nowNanos) {
        if (decodingLoop.isRepeat(nowNanos)) {
            subscriber.room().count(Counter.KEYFRAME_REQUESTS_REPEATED);
            if (decodingLoop.loopToReport(nowNanos)) {
                LOG.warn("{}: {} keyframe requests in a row right after keyframes went out: the subscriber "
                        + "cannot decode the {} stream", this, decodingLoop.repeats(), codec.name());
            }
        }
        requestKeyframe();
    }

    /** The layer being forwarded, or -1 while waiting for a keyframe. */
    public int currentLayer() {
        return currentLayer;
    }

    /** The layer it switches to at that layer's next keyframe, or -1 while suspended. */
    public int targetLayer() {
        return targetLayer;
    }

    /** The highest temporal layer forwarded (0: the base frame rate only). */
    public int currentTemporalLayer() {
        return Math.min(currentTemporal, track.temporalLayerCount(Math.max(0, currentLayer)) - 1);
    }

    /** Whether the allocation gives it no video at all for now. */
    public boolean isSuspended() {
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

    /**
     * The subscriber shows this track at most {@code height} pixels tall (0 or less: no limit);
     * it gets the smallest layer that fills that, switching at the layer's next keyframe.
     */
    public void setMaxHeight(int height) {
        maxHeight = height <= 0 ? Integer.MAX_VALUE : height;
        selectLayer(System.nanoTime());
    }

    /**
     * The subscriber's choice of layers for this track: at most spatial layer {@code spatial}
     * (0 the lowest) and temporal layer {@code temporal} (0 the base frame rate); negative for no
     * limit. Bandwidth may still give it less.
     */
    public void setPreferredLayer(int spatial, int temporal) {
        preferredLayer = spatial < 0 ? Integer.MAX_VALUE : spatial;
        preferredTemporalLayer = temporal < 0 ? Integer.MAX_VALUE : temporal;
        selectLayer(System.nanoTime());
    }

    /** Pins or unpins the track for this subscriber: pinned video goes first in the allocation. */
    public void setPinned(boolean pinned) {
        this.pinned = pinned;
    }

    public boolean isPinned() {
        return pinned;
    }

    /** The layer the subscriber's wishes alone (size and preference) would pick. */
    int wantedLayer(long nowNanos) {
        return track.chooseLayer(maxHeight, preferredLayer, nowNanos);
    }

    /**
     * The highest spatial and temporal layer the bandwidth allocation gives this subscription
     * (spatial -1: none, suspended); true if that changed.
     */
    boolean setBandwidthLayer(int layer, int temporal) {
        boolean changed = layer != bandwidthLayer || temporal != bandwidthTemporal;
        boolean wasSuspended = isSuspended();
        bandwidthLayer = layer;
        bandwidthTemporal = temporal;
        if (wasSuspended != isSuspended()) {
            subscriber.room().suspensionChanged(this);
        }
        return changed;
    }

    /** Picks the target layer again and asks for its keyframe when it is not the current one. */
    void selectLayer(long nowNanos) {
        targetTemporal = Math.min(preferredTemporalLayer, bandwidthTemporal);
        if (bandwidthLayer < 0) {
            if (targetLayer >= 0) {
                LOG.debug("{}: suspended, the link cannot take it", this);
                targetLayer = -1;
                rewriter.pause();
                currentLayer = -1;
            }
            return;
        }
        int target = track.chooseLayer(maxHeight, Math.min(preferredLayer, bandwidthLayer), nowNanos);
        if (target != targetLayer && LOG.isDebugEnabled()) {
            LOG.debug("{}: target layer {} -> {} (max height {}, layer height {})", this, targetLayer, target,
                    maxHeight, track.layerHeight(target));
        }
        targetLayer = target;
        if (currentLayer < 0 && !track.startsAtKeyframe()) {
            currentLayer = targetLayer;
        }
        if (targetLayer != currentLayer && !muted) {
            track.requestKeyframe(targetLayer, nowNanos);
        }
    }

    /**
     * Forwards one packet of the current layer. A keyframe of the target layer makes it current:
     * the switch happens where the decoder needs nothing from before (RFC 7741 §4.3 keyframes).
     * Within the layer, frames above the temporal target are left out: a step down takes effect
     * at the next frame, a step up at a frame that is a switching point (RFC 7741 §4.2 Y bit,
     * RFC 9628 §4.2 U bit, an AV1 "switch" indication) or a keyframe, since only those need
     * nothing from the frames left out before. {@code frame} says what the packet carries.
     */
    void forward(RtpPacket packet, int layer, FrameInfo frame, long nowNanos) {
        if (muted) {
            return;
        }
        boolean keyframe = frame.keyframe();
        int temporalId = frame.temporalId();
        boolean switching = layer != currentLayer;
        if (switching && !(layer == targetLayer && keyframe)) {
            return;
        }
        if (packet.payloadLength() == 0 && track.kind() == MediaKind.VIDEO) {
            // Padding only (the publisher probing its uplink): nothing for the decoder.
            leaveOut(packet, frame);
            return;
        }
        if (!switching && rewriter.isLate(packet.ssrc(), packet.sequenceNumber())) {
            // A reordered or repaired packet shares its picture's fate, whatever the temporal
            // target is now: its frame went out whole or not at all. Where that is not known, the
            // current target decides.
            int fate = pictures == null ? PictureNumbering.UNKNOWN : pictures.fate(frame.pictures());
            if (fate == PictureNumbering.LEFT_OUT || (fate == PictureNumbering.UNKNOWN && temporalId > currentTemporal)) {
                subscriber.room().count(Counter.LEFT_OUT);
                return;
            }
        } else if (!selectTemporal(layer, frame, keyframe || switching, nowNanos)) {
            leaveOut(packet, frame);
            return;
        }
        if (!rewriter.rewrite(packet.ssrc(), packet.sequenceNumber(), packet.timestamp(), nowNanos)) {
            return;
        }
        if (switching) {
            LOG.debug("{}: now on layer {} (was {})", this, layer, currentLayer);
            if (pictures != null) {
                pictures.switchSource();
            }
        }
        currentLayer = layer;
        if (keyframe) {
            decodingLoop.keyframeSent(nowNanos);
        }
        int seq = rewriter.sequenceNumber();
        long timestamp = rewriter.timestamp();
        if (history != null) {
            history.sent(seq, packet.sequenceNumber(), timestamp, layer);
        }
        packetsSent++;
        octetsSent += packet.payloadLength();
        writer.send(packet, frame.pictures(), seq, timestamp);
        if (history != null && pictures != null) {
            history.pictureDeltas(seq, pictures.deltas());
        }
    }

    /**
     * Moves the temporal layer toward its target at this packet and says whether the packet's
     * frame is forwarded. A keyframe resets everything; a step up goes as far toward the target as
     * the frame is a switching point for, and one that waits too long asks for a keyframe, since
     * an encoder may never mark a switching point.
     */
    private boolean selectTemporal(int layer, FrameInfo frame, boolean restart, long nowNanos) {
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

    private void leaveOut(RtpPacket packet, FrameInfo frame) {
        subscriber.room().count(Counter.LEFT_OUT);
        rewriter.skip(packet.ssrc(), packet.sequenceNumber());
        if (pictures != null) {
            pictures.skip(frame.pictures());
        }
    }

    /**
     * Answers the subscriber's NACK of one packet (RFC 4585 §6.2.1): on the RTX stream when one
     * was negotiated, else as the original packet again with the numbers it first went out with
     * (RFC 4588 §3 allows both). {@code view} is a scratch packet to wrap the cached bytes in.
     */
    Counter retransmit(int seq, RtpPacket view, long nowNanos) {
        int slot = history == null ? -1 : history.find(seq);
        if (slot < 0) {
            return Counter.RETRANSMISSION_MISSED;
        }
        long rtt = subscriber.rttNanos();
        if (!history.mayResend(slot, nowNanos, rtt > 0 ? rtt : DEFAULT_RESEND_GAP_NANOS)) {
            return Counter.RETRANSMISSION_LIMITED;
        }
        int layer = history.layer(slot);
        if (layer != currentLayer) {
            // Sent before a layer switch: the decoder restarted at the new layer's keyframe.
            return Counter.RETRANSMISSION_MISSED;
        }
        ByteBuf cached = track.cache(layer).get(track.layerSsrc(layer), history.sourceSeq(slot), nowNanos);
        if (cached == null || !view.wrap(cached)) {
            return Counter.RETRANSMISSION_MISSED;
        }
        history.resent(slot, nowNanos);
        writer.resend(view, seq, history.timestamp(slot), repair != null, history.pictureDeltas(slot));
        return Counter.RETRANSMITTED;
    }

    /**
     * Sends a padding-only packet on the RTX stream for probing the subscriber's link (see
     * {@link CopyWriter#sendPadding}). Needs a repair stream.
     */
    void sendPadding(int paddingBytes) {
        writer.sendPadding(paddingBytes, rewriter.highestTimestamp());
    }

    /** Whether an SR is due: something was sent (RFC 3550 §6.4: only senders send SRs). */
    boolean hasSent() {
        return packetsSent > 0;
    }

    long packetsSent() {
        return packetsSent;
    }

    long octetsSent() {
        return octetsSent;
    }

    /** The stream's RTP timestamp at {@code nowNanos}, extrapolated from the last packet sent. */
    long timestampAt(long nowNanos) {
        long elapsed = nowNanos - rewriter.highestTimestampNanos();
        return (rewriter.highestTimestamp() + elapsed / 1000 * codec.clockRate() / 1_000_000) & 0xFFFFFFFFL;
    }

    /** Records the subscriber's reception report about this stream. */
    void reportReceived(int fractionLost) {
        this.fractionLost = fractionLost;
    }

    /** Fraction of packets the subscriber lost in its last report interval, 0..1. */
    public double fractionLost() {
        return fractionLost / 256.0;
    }

    /** Round-trip time to the subscriber (one transport for all its streams), or -1 before a report. */
    public long rttNanos() {
        return subscriber.rttNanos();
    }

    @Override
    public String toString() {
        return "Subscription[" + subscriber.id() + " <- " + track.id() + " ssrc=" + ssrc + "]";
    }
}
