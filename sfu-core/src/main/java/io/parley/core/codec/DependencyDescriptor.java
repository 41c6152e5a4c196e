package io.parley.core.codec;

import io.netty.buffer.ByteBuf;
import io.parley.core.rtp.RtpPacket;

/**
 * Reads the Dependency Descriptor RTP header extension (AV1 RTP specification, Appendix A), which
 * Chrome sends with AV1 and with VP9 in SVC modes: per packet, the frame's spatial and temporal
 * layer, frame boundaries and a frame number, so an SFU can select layers without reading the
 * (possibly end-to-end encrypted) payload.
 *
 * <p>Most packets only name a template by id; the templates (which layer each describes) arrive
 * in a template dependency structure ({@link TemplateStructure}) attached to the first packet of
 * a keyframe. A packet can therefore only be interpreted with the latest structure of its stream,
 * and one instance must be kept per incoming stream. Two structures are preallocated and swapped,
 * so parsing allocates nothing and a malformed structure never replaces a good one.
 *
 * <p>The parse follows the syntax of A.8.2 function by function (dependency_descriptor,
 * mandatory_descriptor_fields, extended_descriptor_fields, frame_dependency_definition and the
 * frame_* reads it makes), with the semantics of A.8.3; A.4 (active decode targets), A.5
 * (chains) and A.7 (switching) say what the accessors mean to an SFU.
 */
public final class DependencyDescriptor {
    /** Table A.1 Decode Target Indication: no payload for the decode target. */
    public static final int DTI_NOT_PRESENT = 0;
    /** Table A.1: present, but no frame of the decode target references it. */
    public static final int DTI_DISCARDABLE = 1;
    /** Table A.1: present, and forwarding of the decode target may start with this frame. */
    public static final int DTI_SWITCH = 2;
    /** Table A.1: present and needed by later frames of the decode target. */
    public static final int DTI_REQUIRED = 3;

    /** Octets of the mandatory descriptor fields. */
    private static final int MANDATORY_LENGTH = 3;

    private TemplateStructure structure = new TemplateStructure();
    private TemplateStructure incoming = new TemplateStructure();
    private boolean hasStructure;
    private int activeDecodeTargets;
    private final DescriptorBits bits = new DescriptorBits();

    private boolean startOfFrame;
    private boolean endOfFrame;
    private int frameNumber;
    private int spatialId;
    private int temporalId;
    private long frameDtis;
    private final int[] frameChainFdiffs = new int[TemplateStructure.MAX_DECODE_TARGETS];
    private boolean carriesStructure;

    /** Parses the descriptor in extension element {@code extensionId}; false when absent or invalid. */
    public boolean parse(RtpPacket packet, int extensionId) {
        int offset = packet.extensionOffset(extensionId);
        return offset >= 0 && parse(packet.buffer(), offset, packet.extensionLength(extensionId));
    }

    /**
     * Parses the descriptor in {@code length} bytes at absolute index {@code offset} (A.8.2
     * dependency_descriptor(sz)). Returns false when it is truncated or malformed, or refers to a
     * template no structure received so far defines (the structure's packet was lost or is
     * late): the per-packet accessors are then undefined and the stream state (structure, active
     * decode targets) is unchanged. A structure attached to a valid packet replaces the previous.
     */
    public boolean parse(ByteBuf buf, int offset, int length) {
        if (length < MANDATORY_LENGTH) {
            return false;
        }
        // mandatory_descriptor_fields: start_of_frame f(1), end_of_frame f(1),
        // frame_dependency_template_id f(6), frame_number f(16); byte aligned.
        int first = buf.getUnsignedByte(offset);
        int templateId = first & 0x3F;
        bits.start(buf, offset, length, MANDATORY_LENGTH);

        boolean structurePresent = false;
        boolean activeDecodeTargetsPresent = false;
        boolean customDtis = false;
        boolean customFdiffs = false;
        boolean customChains = false;
        if (length > MANDATORY_LENGTH) {
            // extended_descriptor_fields; a 3-byte descriptor has none (no_extended_descriptor_fields).
            structurePresent = bits.f(1) == 1;
            activeDecodeTargetsPresent = bits.f(1) == 1;
            customDtis = bits.f(1) == 1;
            customFdiffs = bits.f(1) == 1;
            customChains = bits.f(1) == 1;
        }
        TemplateStructure s;
        int active;
        if (structurePresent) {
            s = incoming;
            if (!s.read(bits)) {
                return false;
            }
            active = s.allDecodeTargets();
        } else if (hasStructure) {
            s = structure;
            active = activeDecodeTargets;
        } else {
            return false;
        }
        if (activeDecodeTargetsPresent) {
            active = bits.f(s.decodeTargetCount);
        }

        // frame_dependency_definition
        int templateIndex = s.templateIndex(templateId);
        if (templateIndex < 0) {
            return false;
        }
        long dtis = s.templateDtis[templateIndex];
        if (customDtis) {
            dtis = TemplateStructure.readDtis(bits, s.decodeTargetCount);
        }
        if (customFdiffs) {
            // frame_fdiffs: next_fdiff_size f(2), then fdiff_minus_one f(4 * next_fdiff_size),
            // until a size of 0. The referred frames matter to a decoder, not to layer selection
            // (chains tell an SFU what it must not lose), so they are skipped.
            for (int size = bits.f(2); size != 0; size = bits.f(2)) {
                bits.f(4 * size);
            }
        }
        for (int chain = 0; chain < s.chainCount; chain++) {
            // frame_chains: frame_chain_fdiff f(8) per chain, else the template's.
            frameChainFdiffs[chain] = customChains ? bits.f(8) : s.chainFdiff(templateIndex, chain);
        }
        if (bits.overrun()) {
            return false;
        }
        // zero_padding follows; receivers ignore it (A.8.3).

        if (structurePresent) {
            incoming = structure;
            structure = s;
            hasStructure = true;
        }
        activeDecodeTargets = active;
        startOfFrame = (first & 0x80) != 0;
        endOfFrame = (first & 0x40) != 0;
        frameNumber = buf.getUnsignedShort(offset + 1);
        spatialId = s.templateSpatialId[templateIndex];
        temporalId = s.templateTemporalId[templateIndex];
        frameDtis = dtis;
        carriesStructure = structurePresent;
        return true;
    }

    /** start_of_frame: the packet's payload starts a frame. */
    public boolean startOfFrame() {
        return startOfFrame;
    }

    /** end_of_frame: the packet ends a frame (more frames of the same picture may follow). */
    public boolean endOfFrame() {
        return endOfFrame;
    }

    /** frame_number: 16 bits, increasing by one per frame in decode order, wrapping. */
    public int frameNumber() {
        return frameNumber;
    }

    /** The frame's spatial id, from its template (FrameSpatialId). */
    public int spatialId() {
        return spatialId;
    }

    /** The frame's temporal id, from its template (FrameTemporalId). */
    public int temporalId() {
        return temporalId;
    }

    /**
     * Whether the packet carried a template dependency structure, which A.8.3 requires on the
     * first packet of a coded video sequence and forbids elsewhere: the packet starts a keyframe.
     */
    public boolean carriesStructure() {
        return carriesStructure;
    }

    /**
     * The frame's Decode Target Indication for decode target {@code dt} ({@link #DTI_SWITCH}
     * and the other DTI constants), custom or from its template; not present beyond the structure's
     * decode targets.
     */
    public int decodeTargetIndication(int dt) {
        return dt >= 0 && dt < decodeTargetCount() ? TemplateStructure.dti(frameDtis, dt) : DTI_NOT_PRESENT;
    }

    /**
     * frame_chain_fdiff of chain {@code chain}: how many frame numbers back the chain's previous
     * frame is, 0 when the chain needs no earlier frame (A.5 Chains). An SFU that saw every frame
     * of a chain can keep forwarding the decode targets it protects after losing other frames, or
     * switch to them (A.7). -1 beyond the structure's chains.
     */
    public int chainFdiff(int chain) {
        return chain >= 0 && chain < chainCount() ? frameChainFdiffs[chain] : -1;
    }

    /** Whether a structure has been received, so that packets can be interpreted. */
    public boolean hasStructure() {
        return hasStructure;
    }

    /** Spatial layers of the current structure (MaxSpatialId + 1), 0 before any structure. */
    public int spatialLayerCount() {
        return hasStructure ? structure.spatialLayers : 0;
    }

    /** Temporal layers of the current structure (MaxTemporalId + 1), 0 before any structure. */
    public int temporalLayerCount() {
        return hasStructure ? structure.temporalLayers : 0;
    }

    /** Chains of the current structure (chain_cnt), 0 when it uses none or before any structure. */
    public int chainCount() {
        return hasStructure ? structure.chainCount : 0;
    }

    /** The chain that protects decode target {@code dt} (decode_target_protected_by), or -1 without chains. */
    public int decodeTargetChain(int dt) {
        return dt >= 0 && dt < decodeTargetCount() && structure.chainCount > 0 ? structure.protectedBy[dt] : -1;
    }

    /** Decode targets of the current structure (DtCnt), 0 before any structure. */
    public int decodeTargetCount() {
        return hasStructure ? structure.decodeTargetCount : 0;
    }

    /**
     * The decode targets the sender currently produces, bit i for decode target i (A.4 Active
     * Decode Targets): all of them after a structure, then as last signalled; an update holds
     * until the next.
     */
    public int activeDecodeTargets() {
        return activeDecodeTargets;
    }

    /** The highest spatial id of the frames that decode target {@code dt} comprises (DecodeTargetSpatialId). */
    public int decodeTargetSpatialId(int dt) {
        return dt >= 0 && dt < decodeTargetCount() ? structure.decodeTargetSpatialId[dt] : -1;
    }

    /** The highest temporal id of the frames that decode target {@code dt} comprises (DecodeTargetTemporalId). */
    public int decodeTargetTemporalId(int dt) {
        return dt >= 0 && dt < decodeTargetCount() ? structure.decodeTargetTemporalId[dt] : -1;
    }

    /** Maximum render width of spatial layer {@code sid}, or -1 when the structure gave no resolutions. */
    public int maxWidth(int sid) {
        return hasResolution(sid) ? structure.maxWidth[sid] : -1;
    }

    /** Maximum render height of spatial layer {@code sid}, or -1 when the structure gave no resolutions. */
    public int maxHeight(int sid) {
        return hasResolution(sid) ? structure.maxHeight[sid] : -1;
    }

    private boolean hasResolution(int sid) {
        return hasStructure && structure.resolutions && sid >= 0 && sid < structure.spatialLayers;
    }
}
