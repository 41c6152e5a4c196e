package io.parley.core.room;

import io.netty.buffer.ByteBuf;
import io.parley.core.forward.PictureNumbering;
import io.parley.core.rtp.DependencyDescriptor;
import io.parley.core.rtp.RtpPacket;
import io.parley.core.rtp.VideoCodec;
import io.parley.core.rtp.Vp8Descriptor;
import io.parley.core.rtp.Vp9Descriptor;

/**
 * What one video packet says about its frame, read once for all subscriptions: its temporal
 * layer, whether it starts a frame, whether that frame is a temporal layer switching point,
 * whether it is a keyframe and, for a keyframe, the picture height. Each format says it its own
 * way; formats we cannot read count as base-layer frames that each start a frame and are never
 * thinned. One per track, reused for every packet, on the room's loop.
 */
final class FrameInfo {
    /** AV1 RTP specification §4.4: the aggregation header's N bit marks a new coded video sequence. */
    private static final int AV1_NEW_SEQUENCE = 0x08;

    private final VideoCodec codec;
    private final boolean av1;
    /** VP9's descriptor, parsed per packet; null for other formats. */
    private final Vp9Descriptor vp9;

    int temporalId;
    boolean startsFrame;
    /**
     * At this frame a subscriber may step up to a temporal layer from {@link #switchLow} to
     * {@link #switchHigh} (none when high is below low): a frame's own layer for VP8's and VP9's
     * sync frames, the layers the frame is a switch point for in AV1's dependency descriptor.
     */
    int switchLow;
    int switchHigh;
    boolean keyframe;
    /** The picture height a keyframe announces, -1 when unknown or not a keyframe. */
    int height;

    /** @param encodingName the SDP encoding name; null for audio */
    FrameInfo(String encodingName) {
        this.codec = encodingName == null ? VideoCodec.OTHER : VideoCodec.of(encodingName);
        this.av1 = "AV1".equalsIgnoreCase(encodingName);
        this.vp9 = "VP9".equalsIgnoreCase(encodingName) ? new Vp9Descriptor() : null;
    }

    /** Where the format keeps picture numbers a subscriber's copy must keep continuous, or null. */
    PictureNumbering.Format pictureFormat() {
        return codec == VideoCodec.VP8 ? PictureNumbering.Format.VP8 : vp9 != null ? PictureNumbering.Format.VP9 : null;
    }

    /** A VP8/VP9 sync frame lets a subscriber step up to the frame's own temporal layer. */
    private void syncAt(boolean sync) {
        if (sync) {
            switchLow = temporalId;
            switchHigh = temporalId;
        }
    }

    /** Whether the frame is a switch point for the decode target of temporal layer {@code t}. */
    private static boolean switchesTo(DependencyDescriptor d, int t) {
        for (int dt = 0, n = d.decodeTargetCount(); dt < n; dt++) {
            if (d.decodeTargetTemporalId(dt) == t && d.decodeTargetSpatialId(dt) == d.spatialId()) {
                return d.decodeTargetIndication(dt) == DependencyDescriptor.DTI_SWITCH;
            }
        }
        return false;
    }

    /** Whether frames can be told apart as keyframes: subscribers then start at one. */
    boolean knowsKeyframes() {
        return codec != VideoCodec.OTHER || vp9 != null || av1;
    }

    /**
     * Reads one packet. {@code dependencies} is its stream's AV1 dependency descriptor state
     * (null for other formats), {@code descriptorId} the extension's id (0: not negotiated).
     */
    void read(RtpPacket packet, DependencyDescriptor dependencies, int descriptorId) {
        ByteBuf buf = packet.buffer();
        int at = packet.payloadOffset();
        int end = at + packet.payloadLength();
        temporalId = 0;
        startsFrame = true;
        switchLow = 1;
        switchHigh = 0;
        height = -1;
        if (codec == VideoCodec.VP8) {
            temporalId = Math.max(0, Vp8Descriptor.temporalId(buf, at, end));
            startsFrame = Vp8Descriptor.startsFrame(buf, at, end);
            syncAt(Vp8Descriptor.layerSync(buf, at, end));
            keyframe = codec.isKeyframe(packet);
            height = keyframe ? codec.keyframeHeight(packet) : -1;
        } else if (vp9 != null) {
            readVp9(buf, at, end);
        } else if (av1) {
            readAv1(packet, at, end, dependencies, descriptorId);
        } else {
            keyframe = codec != VideoCodec.OTHER && codec.isKeyframe(packet);
            height = keyframe ? codec.keyframeHeight(packet) : -1;
        }
    }

    /**
     * RFC 9628 §4.2: a picture starts with its lowest spatial layer's frame (B, SID 0); the
     * switching-up point (U) is VP8's layer sync; the keyframe's scalability structure gives the
     * picture size.
     */
    private void readVp9(ByteBuf buf, int at, int end) {
        if (!vp9.parse(buf, at, end)) {
            keyframe = false;
            return;
        }
        temporalId = vp9.hasLayerIndices() ? vp9.temporalId() : 0;
        startsFrame = vp9.startOfFrame() && vp9.spatialId() == 0;
        syncAt(vp9.switchingUpPoint());
        keyframe = vp9.isKeyframe();
        if (keyframe && vp9.hasScalabilityStructure()) {
            height = vp9.height(vp9.spatialLayerCount() - 1);
        }
    }

    /**
     * AV1 RTP specification: a keyframe's first packet starts a coded video sequence (§4.4, N);
     * the dependency descriptor (Appendix A) gives the frame's temporal layer and start (a
     * picture starts with its lowest spatial layer's frame), its structure (sent with keyframes)
     * the picture size, and the decode targets of its spatial layer for which the frame is a
     * switch point (Decode Target Indication "switch", typically a base layer frame) are the
     * temporal layers one can step up to here.
     */
    private void readAv1(RtpPacket packet, int at, int end, DependencyDescriptor dependencies, int descriptorId) {
        keyframe = at < end && (packet.buffer().getUnsignedByte(at) & AV1_NEW_SEQUENCE) != 0;
        if (dependencies == null || descriptorId <= 0 || !dependencies.parse(packet, descriptorId)) {
            return;
        }
        temporalId = dependencies.temporalId();
        startsFrame = dependencies.startOfFrame() && dependencies.spatialId() == 0;
        // The switch points must run up from the base layer without a hole: a subscriber at
        // layer t may then go to any layer up to the highest of them.
        for (int t = 1; t < Layer.MAX_TEMPORAL_LAYERS && switchesTo(dependencies, t); t++) {
            switchHigh = t;
        }
        if (keyframe && dependencies.carriesStructure()) {
            height = dependencies.maxHeight(dependencies.spatialLayerCount() - 1);
        }
    }
}
