package io.parley.core.room;

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
    private final LayerSelection layers;
    /** The subscriber pinned this track: its video is served first when bandwidth is short. */
    private boolean pinned;
    private long packetsSent;
    private long octetsSent;
    /** Records what went out and answers NACKs from it; null when the track has no cache. */
    private final Retransmitter retransmitter;
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
        this.layers = new LayerSelection(track, this);
        PacketCache cache = track.cache(0);
        this.retransmitter = cache == null ? null : new Retransmitter(track, cache.capacity(), writer, repair != null);
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
        layers.restartAtKeyframe();
    }

    /** Asks the publisher for a keyframe, e.g. when the subscriber's transport just came up. */
    public void requestKeyframe() {
        int layer = layers.layerToRefresh();
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
        return layers.currentLayer();
    }

    /** The layer it switches to at that layer's next keyframe, or -1 while suspended. */
    public int targetLayer() {
        return layers.targetLayer();
    }

    /** The highest temporal layer forwarded (0: the base frame rate only). */
    public int currentTemporalLayer() {
        return layers.currentTemporalLayer();
    }

    /** Whether the allocation gives it no video at all for now. */
    public boolean isSuspended() {
        return layers.isSuspended();
    }

    /** Its layer choice, for the bandwidth allocation. */
    LayerSelection layers() {
        return layers;
    }

    /**
     * The subscriber shows this track at most {@code height} pixels tall (0 or less: no limit);
     * it gets the smallest layer that fills that, switching at the layer's next keyframe.
     */
    public void setMaxHeight(int height) {
        layers.setMaxHeight(height);
        selectLayer(System.nanoTime());
    }

    /**
     * The subscriber's choice of layers for this track: at most spatial layer {@code spatial}
     * (0 the lowest) and temporal layer {@code temporal} (0 the base frame rate); negative for no
     * limit. Bandwidth may still give it less.
     */
    public void setPreferredLayer(int spatial, int temporal) {
        layers.setPreferred(spatial, temporal);
        selectLayer(System.nanoTime());
    }

    /** Pins or unpins the track for this subscriber: pinned video goes first in the allocation. */
    public void setPinned(boolean pinned) {
        this.pinned = pinned;
    }

    public boolean isPinned() {
        return pinned;
    }

    /**
     * The highest spatial and temporal layer the bandwidth allocation gives this subscription
     * (spatial -1: none, suspended); true if that changed.
     */
    boolean setBandwidthLayer(int layer, int temporal) {
        boolean wasSuspended = layers.isSuspended();
        boolean changed = layers.setBandwidthLayer(layer, temporal);
        if (wasSuspended != layers.isSuspended()) {
            subscriber.room().suspensionChanged(this);
        }
        return changed;
    }

    /** Picks the target layer again and asks for its keyframe when it is not the current one. */
    void selectLayer(long nowNanos) {
        if (layers.select(muted, nowNanos)) {
            rewriter.pause();
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
        if (!layers.admitsLayer(layer, keyframe)) {
            return;
        }
        boolean switching = layer != layers.currentLayer();
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
            if (fate == PictureNumbering.LEFT_OUT
                    || (fate == PictureNumbering.UNKNOWN && layers.isAboveTemporalCut(frame.temporalId()))) {
                subscriber.room().count(Counter.LEFT_OUT);
                return;
            }
        } else if (!layers.admitsTemporal(layer, frame, keyframe || switching, nowNanos)) {
            leaveOut(packet, frame);
            return;
        }
        if (!rewriter.rewrite(packet.ssrc(), packet.sequenceNumber(), packet.timestamp(), nowNanos)) {
            return;
        }
        if (switching && pictures != null) {
            pictures.switchSource();
        }
        layers.forwarded(layer);
        if (keyframe) {
            decodingLoop.keyframeSent(nowNanos);
        }
        int seq = rewriter.sequenceNumber();
        long timestamp = rewriter.timestamp();
        if (retransmitter != null) {
            retransmitter.sent(seq, packet.sequenceNumber(), timestamp, layer);
        }
        packetsSent++;
        octetsSent += packet.payloadLength();
        writer.send(packet, frame.pictures(), seq, timestamp);
        if (retransmitter != null && pictures != null) {
            retransmitter.pictureDeltas(seq, pictures.deltas());
        }
    }

    private void leaveOut(RtpPacket packet, FrameInfo frame) {
        subscriber.room().count(Counter.LEFT_OUT);
        rewriter.skip(packet.ssrc(), packet.sequenceNumber());
        if (pictures != null) {
            pictures.skip(frame.pictures());
        }
    }

    /** Answers the subscriber's NACK of one packet; see {@link Retransmitter}. */
    Counter retransmit(int seq, RtpPacket view, long nowNanos) {
        if (retransmitter == null) {
            return Counter.RETRANSMISSION_MISSED;
        }
        return retransmitter.retransmit(seq, layers.currentLayer(), subscriber.rttNanos(), view, nowNanos);
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
