package io.parley.core.room;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.netty.buffer.ByteBuf;
import io.parley.core.forward.StreamRewriter;
import io.parley.core.forward.PictureNumbering;
import io.parley.core.repair.PacketCache;
import io.parley.core.rtp.RtpHeaderWriter;
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
    /** Room for the SRTP auth tag (16 bytes for AEAD_AES_128_GCM, RFC 7714 §7.2): no regrowth. */
    static final int SRTP_TAILROOM = 16;
    /**
     * The extension block beside its variable elements (mid, dependency descriptor): the block
     * header, four two-byte element headers, transport-cc's 2 bytes, the audio level's 1, padding.
     */
    private static final int EXTENSION_OVERHEAD = 4 + 4 * 2 + 2 + 1 + 3;
    /**
     * Retransmission budget (RFC 4588 §7 warns that repair must not add to congestion): a
     * subscriber earns half a retransmission per packet forwarded, up to a burst of 64, so
     * NACKs cannot make the server send more than 1.5 times the stream.
     */
    private static final int BUDGET_PER_PACKET = 1;
    private static final int BUDGET_PER_RETRANSMISSION = 2;
    private static final int MAX_BUDGET = 128;
    /** Unknown round-trip time: the same packet is resent at most this often. */
    private static final long DEFAULT_RESEND_GAP_NANOS = 50_000_000L;
    private static final long NEVER = Long.MIN_VALUE;
    /** A step up in temporal layer waits this long for a sync frame, then asks for a keyframe. */
    private static final long TEMPORAL_SYNC_WAIT_NANOS = 2_000_000_000L;
    /**
     * A keyframe request this soon after a keyframe went out says the subscriber could not decode
     * it (libwebrtc asks again about every 300 ms while it cannot decode).
     */
    private static final long KEYFRAME_REPEAT_WINDOW_NANOS = 2_000_000_000L;
    /** Repeated requests in a row that make a decoding loop worth a warning. */
    private static final int KEYFRAME_LOOP_REQUESTS = 5;
    /** A decoding loop is logged at most this often per subscription. */
    private static final long KEYFRAME_LOOP_LOG_INTERVAL_NANOS = 30_000_000_000L;
    /** For {@link #send}: a packet sent for the first time, numbered by the live state. */
    private static final int LIVE = -1;

    private final Participant subscriber;
    private final Track track;
    private final long ssrc;
    private final String mid;
    private final byte[] midValue;
    /** Whether the mid or audio level id the subscriber negotiated needs the two-byte form in every packet. */
    private final boolean twoByteIds;
    private final RtpCodec codec;
    private final ExtensionIds extensions;
    private final StreamRewriter rewriter;
    /** VP8/VP9 picture numbering across layer switches and left-out pictures; null for other formats. */
    private final PictureNumbering pictures;
    /** Where retransmissions go, or null to resend them as the original packets. */
    private final RepairStream repair;
    private int repairSeq;
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
    /**
     * What went out under each recent outgoing sequence number (indexed by it, like the track's
     * cache): the source sequence number and outgoing timestamp a retransmission must repeat.
     * Null when the track has no cache.
     */
    private final int[] sentOutSeq;
    private final int[] sentSourceSeq;
    private final int[] sentTimestamp;
    private final byte[] sentLayer;
    private final int[] sentPictureDeltas;
    private final long[] lastResendNanos;
    private final int historyMask;
    private int retransmitBudget;
    /** When a keyframe last went out to the subscriber, or {@link #NEVER}. */
    private long keyframeSentNanos = NEVER;
    /** Keyframe requests in a row that came soon after a keyframe went out. */
    private int repeatedKeyframeRequests;
    private long loopLoggedNanos = NEVER;
    /** Fraction lost (1/256) in the subscriber's last reception report about this stream. */
    private int fractionLost;

    Subscription(Participant subscriber, Track track, long ssrc, String mid, RtpCodec codec,
                 ExtensionIds extensions, RepairStream repair, int initialSeq, long initialTimestamp) {
        this.subscriber = subscriber;
        this.track = track;
        this.ssrc = ssrc;
        this.mid = mid;
        this.midValue = mid.getBytes(StandardCharsets.US_ASCII);
        this.codec = codec;
        this.extensions = extensions;
        this.twoByteIds = extensions.mid() > 0 && !RtpHeaderWriter.fitsOneByte(extensions.mid(), midValue.length)
                || extensions.audioLevel() > RtpHeaderWriter.ONE_BYTE_MAX_ID;
        this.rewriter = new StreamRewriter(codec.clockRate(), initialSeq, initialTimestamp);
        PictureNumbering.Format format = track.pictureFormat();
        this.pictures = format == null ? null : new PictureNumbering(format);
        this.repair = repair;
        this.repairSeq = initialSeq ^ 0x5A5A;
        this.targetLayer = track.layerCount() - 1;
        this.currentLayer = track.startsAtKeyframe() ? -1 : targetLayer;
        PacketCache cache = track.cache(0);
        int history = cache == null ? 0 : cache.capacity();
        this.historyMask = history - 1;
        this.sentOutSeq = cache == null ? null : new int[history];
        this.sentSourceSeq = cache == null ? null : new int[history];
        this.sentTimestamp = cache == null ? null : new int[history];
        this.sentLayer = cache == null ? null : new byte[history];
        this.sentPictureDeltas = cache == null ? null : new int[history];
        this.lastResendNanos = cache == null ? null : new long[history];
        if (sentOutSeq != null) {
            Arrays.fill(sentOutSeq, -1);
        }
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
        if (keyframeSentNanos != NEVER && nowNanos - keyframeSentNanos < KEYFRAME_REPEAT_WINDOW_NANOS) {
            subscriber.room().count(Counter.KEYFRAME_REQUESTS_REPEATED);
            repeatedKeyframeRequests++;
            if (repeatedKeyframeRequests >= KEYFRAME_LOOP_REQUESTS && (loopLoggedNanos == NEVER
                    || nowNanos - loopLoggedNanos > KEYFRAME_LOOP_LOG_INTERVAL_NANOS)) {
                loopLoggedNanos = nowNanos;
                LOG.warn("{}: {} keyframe requests in a row right after keyframes went out: the subscriber "
                        + "cannot decode the {} stream", this, repeatedKeyframeRequests, codec.name());
            }
        } else {
            repeatedKeyframeRequests = 0;
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
        boolean keyframe = frame.keyframe;
        int temporalId = frame.temporalId;
        boolean switching = layer != currentLayer;
        if (switching && !(layer == targetLayer && keyframe)) {
            return;
        }
        if (packet.payloadLength() == 0 && track.kind() == MediaKind.VIDEO) {
            // Padding only (the publisher probing its uplink): nothing for the decoder.
            leaveOut(packet);
            return;
        }
        if (!switching && rewriter.isLate(packet.ssrc(), packet.sequenceNumber())) {
            // A reordered or repaired packet shares its picture's fate, whatever the temporal
            // target is now: its frame went out whole or not at all. Where that is not known, the
            // current target decides.
            int fate = pictures == null ? PictureNumbering.UNKNOWN : pictures.fate(packet.buffer(),
                    packet.payloadOffset(), packet.payloadOffset() + packet.payloadLength());
            if (fate == PictureNumbering.LEFT_OUT || (fate == PictureNumbering.UNKNOWN && temporalId > currentTemporal)) {
                subscriber.room().count(Counter.LEFT_OUT);
                return;
            }
        } else if (!selectTemporal(layer, frame, keyframe || switching, nowNanos)) {
            leaveOut(packet);
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
            keyframeSentNanos = nowNanos;
        }
        int seq = rewriter.sequenceNumber();
        long timestamp = rewriter.timestamp();
        if (sentOutSeq != null) {
            int slot = seq & historyMask;
            sentOutSeq[slot] = seq;
            sentSourceSeq[slot] = packet.sequenceNumber();
            sentTimestamp[slot] = (int) timestamp;
            sentLayer[slot] = (byte) layer;
            lastResendNanos[slot] = NEVER;
            retransmitBudget = Math.min(MAX_BUDGET, retransmitBudget + BUDGET_PER_PACKET);
        }
        packetsSent++;
        octetsSent += packet.payloadLength();
        send(packet, seq, timestamp, false, LIVE);
        if (sentOutSeq != null && pictures != null) {
            sentPictureDeltas[seq & historyMask] = pictures.deltas();
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
        } else if (frame.startsFrame) {
            int reachable = Math.min(targetTemporal, frame.switchHigh);
            if (targetTemporal < currentTemporal) {
                currentTemporal = targetTemporal;
            } else if (reachable > currentTemporal && reachable >= frame.switchLow) {
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
        return frame.temporalId <= currentTemporal;
    }

    private void leaveOut(RtpPacket packet) {
        subscriber.room().count(Counter.LEFT_OUT);
        rewriter.skip(packet.ssrc(), packet.sequenceNumber());
        if (pictures != null) {
            pictures.skip(packet.buffer(), packet.payloadOffset(), packet.payloadOffset() + packet.payloadLength());
        }
    }

    /**
     * Answers the subscriber's NACK of one packet (RFC 4585 §6.2.1): on the RTX stream when one
     * was negotiated, else as the original packet again with the numbers it first went out with
     * (RFC 4588 §3 allows both). {@code view} is a scratch packet to wrap the cached bytes in.
     */
    Counter retransmit(int seq, RtpPacket view, long nowNanos) {
        if (sentOutSeq == null) {
            return Counter.RETRANSMISSION_MISSED;
        }
        int slot = seq & historyMask;
        if (sentOutSeq[slot] != seq) {
            return Counter.RETRANSMISSION_MISSED;
        }
        long rtt = subscriber.rttNanos();
        long gap = rtt > 0 ? rtt : DEFAULT_RESEND_GAP_NANOS;
        boolean recentlyResent = lastResendNanos[slot] != NEVER && nowNanos - lastResendNanos[slot] < gap;
        if (recentlyResent || retransmitBudget < BUDGET_PER_RETRANSMISSION) {
            return Counter.RETRANSMISSION_LIMITED;
        }
        int layer = sentLayer[slot];
        if (layer != currentLayer) {
            // Sent before a layer switch: the decoder restarted at the new layer's keyframe.
            return Counter.RETRANSMISSION_MISSED;
        }
        ByteBuf cached = track.cache(layer).get(track.layerSsrc(layer), sentSourceSeq[slot], nowNanos);
        if (cached == null || !view.wrap(cached)) {
            return Counter.RETRANSMISSION_MISSED;
        }
        lastResendNanos[slot] = nowNanos;
        retransmitBudget -= BUDGET_PER_RETRANSMISSION;
        send(view, seq, sentTimestamp[slot] & 0xFFFFFFFFL, repair != null, sentPictureDeltas[slot]);
        return Counter.RETRANSMITTED;
    }

    /**
     * Writes the subscriber's copy of one packet: a fresh header in the subscriber's numbering,
     * the header extensions the subscriber negotiated, then the payload (and padding) as is. As
     * RTX (RFC 4588 §4), the header is the repair stream's and the payload starts with the
     * original sequence number; padding is left out.
     */
    private void send(RtpPacket packet, int seq, long timestamp, boolean rtx, int pictureDeltas) {
        int body = rtx ? packet.payloadLength() : packet.length() - packet.headerLength();
        int descriptorLength = descriptorLength(packet);
        ByteBuf out = subscriber.room().allocator()
                .buffer(12 + extensionCapacity(descriptorLength) + 2 + body + SRTP_TAILROOM);
        int start = out.writerIndex();
        if (rtx) {
            RtpHeaderWriter.writeFixedHeader(out, false, packet.marker(), repair.payloadType(), repairSeq,
                    timestamp, repair.ssrc());
            repairSeq = (repairSeq + 1) & 0xFFFF;
        } else {
            RtpHeaderWriter.writeFixedHeader(out, packet.hasPadding(), packet.marker(), codec.payloadType(),
                    seq, timestamp, ssrc);
        }
        int transportSeq = writeExtensions(out, start, packet, descriptorLength);
        if (rtx) {
            out.writeShort(seq);
        }
        int payloadAt = out.writerIndex();
        out.writeBytes(packet.buffer(), packet.payloadOffset(), body);
        if (pictures != null) {
            if (pictureDeltas == LIVE) {
                pictures.rewrite(out, payloadAt, payloadAt + packet.payloadLength());
            } else {
                PictureNumbering.apply(track.pictureFormat(), out, payloadAt, payloadAt + packet.payloadLength(), pictureDeltas);
            }
        }
        transmit(out, transportSeq);
    }

    /**
     * Sends a padding-only packet on the RTX stream (RFC 3550 §5.1 padding): bytes that cost the
     * subscriber's decoder nothing, for probing its link. RFC 4588 §4 wants an original sequence
     * number in every RTX payload; padding-only RTX packets without one are what libwebrtc itself
     * probes with, and its receivers drop them after counting them for the estimate. Needs a
     * repair stream.
     */
    void sendPadding(int paddingBytes) {
        ByteBuf out = subscriber.room().allocator()
                .buffer(12 + extensionCapacity(0) + paddingBytes + SRTP_TAILROOM);
        int start = out.writerIndex();
        RtpHeaderWriter.writeFixedHeader(out, true, false, repair.payloadType(), repairSeq,
                rewriter.highestTimestamp(), repair.ssrc());
        repairSeq = (repairSeq + 1) & 0xFFFF;
        int transportSeq = writeExtensions(out, start, null, 0);
        out.writeZero(paddingBytes - 1);
        out.writeByte(paddingBytes);
        transmit(out, transportSeq);
    }

    /**
     * Bytes of the publisher's dependency descriptor that go into this subscriber's copy of
     * {@code packet} (AV1: the subscriber's decoder finds frame boundaries and references in it),
     * 0 when there is none or the subscriber did not negotiate it.
     */
    private int descriptorLength(RtpPacket packet) {
        int in = track.publisher().extensions().dependencyDescriptor();
        if (extensions.dependencyDescriptor() <= 0 || in <= 0) {
            return 0;
        }
        return Math.max(0, packet.extensionLength(in));
    }

    /** The most bytes the extension block can take: its header, each element's, padding. */
    private int extensionCapacity(int descriptorLength) {
        return EXTENSION_OVERHEAD + midValue.length + descriptorLength;
    }

    /**
     * The header extensions the subscriber negotiated: mid, a transport-wide sequence number
     * (returned, -1 without), the audio level and the dependency descriptor ({@code
     * descriptorLength} bytes) {@code source} carried, if any. The two-byte form (RFC 8285 §4.3)
     * when an element needs it: a descriptor with its template structure runs to tens of bytes.
     */
    private int writeExtensions(ByteBuf out, int headerStart, RtpPacket source, int descriptorLength) {
        int descriptorId = extensions.dependencyDescriptor();
        int transportCc = subscriber.transportCcId();
        boolean twoByte = twoByteIds || transportCc > RtpHeaderWriter.ONE_BYTE_MAX_ID
                || (descriptorLength > 0 && !RtpHeaderWriter.fitsOneByte(descriptorId, descriptorLength));
        int block = RtpHeaderWriter.beginExtensions(out, twoByte);
        if (extensions.mid() > 0) {
            RtpHeaderWriter.addExtension(out, twoByte, extensions.mid(), midValue);
        }
        int transportSeq = -1;
        if (transportCc > 0) {
            transportSeq = subscriber.nextTransportSeq();
            RtpHeaderWriter.addShortExtension(out, twoByte, transportCc, transportSeq);
        }
        ExtensionIds in = track.publisher().extensions();
        if (source != null && extensions.audioLevel() > 0 && in.audioLevel() > 0) {
            int at = source.extensionOffset(in.audioLevel());
            // RFC 6464 §3: one byte; anything else from the publisher is not an audio level.
            if (at >= 0 && source.extensionLength(in.audioLevel()) == 1) {
                RtpHeaderWriter.addExtension(out, twoByte, extensions.audioLevel(), source.buffer(), at, 1);
            }
        }
        if (source != null && descriptorLength > 0) {
            RtpHeaderWriter.addExtension(out, twoByte, descriptorId, source.buffer(),
                    source.extensionOffset(in.dependencyDescriptor()), descriptorLength);
        }
        RtpHeaderWriter.endExtensions(out, headerStart, block);
        return transportSeq;
    }

    private void transmit(ByteBuf out, int transportSeq) {
        subscriber.room().countOut(track.kind(), out.readableBytes());
        if (transportSeq >= 0) {
            subscriber.sentTransportSeq(transportSeq, out.readableBytes());
        }
        subscriber.transport().sendRtp(out);
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
