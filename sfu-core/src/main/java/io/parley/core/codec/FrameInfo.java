package io.parley.core.codec;

import io.netty.buffer.ByteBuf;
import io.parley.core.rtp.RtpPacket;

/**
 * What one video packet says about its frame, read once for all subscriptions: its temporal
 * layer, whether it starts a frame, whether that frame is a temporal layer switching point,
 * whether it is a keyframe and, for a keyframe, the picture height, and where its picture numbers
 * are. Each format says it its own way, read by its own reader; formats we cannot read count as
 * base-layer frames that each start a frame and are never thinned. One per track, reused for
 * every packet, on the room's loop.
 */
public final class FrameInfo {
    /** VP9's TID has three bits (RFC 9628 §4.2), VP8's two; an AV1 stream has at most eight. */
    public static final int MAX_TEMPORAL_LAYERS = 8;
    /** AV1 RTP specification §4.4: the aggregation header's N bit marks a new coded video sequence. */
    private static final int AV1_NEW_SEQUENCE = 0x08;

    private final VideoCodec codec;
    private final Vp8Payload vp8;
    private final Vp9Descriptor vp9;
    private final H264Payload h264;
    /**
     * AV1's dependency descriptor state, one per RTP stream of the track, since each stream's
     * structure comes with that stream's keyframes; null for other formats.
     */
    private final DependencyDescriptor[] dependencies;
    /** For formats without picture numbers. */
    private final PictureFields noPictures = new PictureFields();

    private int temporalId;
    private boolean startsFrame;
    private int switchLow;
    private int switchHigh;
    private boolean keyframe;
    private int height;
    private PictureFields pictures = noPictures;

    /** @param streams the track's RTP streams (simulcast layers), each read with its own state */
    public FrameInfo(VideoCodec codec, int streams) {
        this.codec = codec;
        this.vp8 = codec == VideoCodec.VP8 ? new Vp8Payload() : null;
        this.vp9 = codec == VideoCodec.VP9 ? new Vp9Descriptor() : null;
        this.h264 = codec == VideoCodec.H264 ? new H264Payload() : null;
        this.dependencies = codec == VideoCodec.AV1 ? new DependencyDescriptor[Math.max(1, streams)] : null;
        if (dependencies != null) {
            for (int i = 0; i < dependencies.length; i++) {
                dependencies[i] = new DependencyDescriptor();
            }
        }
    }

    public VideoCodec codec() {
        return codec;
    }

    /**
     * Reads one packet of RTP stream {@code stream}. {@code descriptorId} is the dependency
     * descriptor extension's id (0: not negotiated), which only AV1 is read from.
     */
    public void read(RtpPacket packet, int stream, int descriptorId) {
        ByteBuf buf = packet.buffer();
        int at = packet.payloadOffset();
        int end = at + packet.payloadLength();
        temporalId = 0;
        startsFrame = true;
        switchLow = 1;
        switchHigh = 0;
        keyframe = false;
        height = -1;
        pictures = noPictures;
        switch (codec) {
            case VP8 -> readVp8(buf, at, end);
            case VP9 -> readVp9(buf, at, end);
            case AV1 -> readAv1(packet, at, end, dependencies[stream], descriptorId);
            case H264 -> readH264(buf, at, end);
            case OTHER -> { }
        }
    }

    /** RFC 7741 §4.2: TID, the start of partition 0 and the layer sync bit (Y); §4.3 keyframes. */
    private void readVp8(ByteBuf buf, int at, int end) {
        vp8.parse(buf, at, end);
        temporalId = Math.max(0, vp8.temporalId());
        startsFrame = vp8.startsFrame();
        syncAt(vp8.layerSync());
        keyframe = vp8.keyframe();
        height = vp8.height();
        pictures = vp8.pictures();
    }

    /**
     * RFC 9628 §4.2: a picture starts with its lowest spatial layer's frame (B, SID 0); the
     * switching-up point (U) is VP8's layer sync; the keyframe's scalability structure gives the
     * picture size.
     */
    private void readVp9(ByteBuf buf, int at, int end) {
        pictures = vp9.pictures();
        if (!vp9.parse(buf, at, end)) {
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

    /** A VP8/VP9 sync frame lets a subscriber step up to the frame's own temporal layer. */
    private void syncAt(boolean sync) {
        if (sync) {
            switchLow = temporalId;
            switchHigh = temporalId;
        }
    }

    /**
     * AV1 RTP specification: a keyframe's first packet starts a coded video sequence (§4.4, N);
     * the dependency descriptor (Appendix A) gives the frame's temporal layer and start (a
     * picture starts with its lowest spatial layer's frame), its structure (sent with keyframes)
     * the picture size, and the decode targets of its spatial layer for which the frame is a
     * switch point (Decode Target Indication "switch", typically a base layer frame, A.7) are the
     * temporal layers one can step up to here.
     */
    private void readAv1(RtpPacket packet, int at, int end, DependencyDescriptor d, int descriptorId) {
        keyframe = at < end && (packet.buffer().getUnsignedByte(at) & AV1_NEW_SEQUENCE) != 0;
        if (descriptorId <= 0 || !d.parse(packet, descriptorId)) {
            return;
        }
        temporalId = d.temporalId();
        startsFrame = d.startOfFrame() && d.spatialId() == 0;
        // The switch points must run up from the base layer without a hole: a subscriber at
        // layer t may then go to any layer up to the highest of them.
        for (int t = 1; t < MAX_TEMPORAL_LAYERS && switchesTo(d, t); t++) {
            switchHigh = t;
        }
        if (keyframe && d.carriesStructure()) {
            height = d.maxHeight(d.spatialLayerCount() - 1);
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

    /** RFC 6184: IDR slices and parameter sets make keyframes; the SPS gives the picture size. */
    private void readH264(ByteBuf buf, int at, int end) {
        h264.parse(buf, at, end);
        keyframe = h264.keyframe();
        height = keyframe ? h264.height() : -1;
    }

    /** The frame's temporal layer, 0 when the format has none. */
    public int temporalId() {
        return temporalId;
    }

    /** Whether the packet starts a frame (every packet does for formats that do not say). */
    public boolean startsFrame() {
        return startsFrame;
    }

    /**
     * At this frame a subscriber may step up to a temporal layer from {@link #switchLow()} to
     * {@link #switchHigh()} (none when high is below low): a frame's own layer for VP8's and VP9's
     * sync frames, the layers the frame is a switch point for in AV1's dependency descriptor.
     */
    public int switchLow() {
        return switchLow;
    }

    /** See {@link #switchLow()}. */
    public int switchHigh() {
        return switchHigh;
    }

    public boolean keyframe() {
        return keyframe;
    }

    /** The picture height a keyframe announces, -1 when unknown or not a keyframe. */
    public int height() {
        return height;
    }

    /** Where the packet's payload keeps its picture numbers (none for formats without). */
    public PictureFields pictures() {
        return pictures;
    }
}
