package io.parley.core.rtp;

import io.netty.buffer.ByteBuf;

/**
 * Reads the Dependency Descriptor RTP header extension (AV1 RTP specification, Appendix A), which
 * Chrome sends with AV1 and with VP9 in SVC modes: per packet, the frame's spatial and temporal
 * layer, frame boundaries and a frame number, so an SFU can select layers without reading the
 * (possibly end-to-end encrypted) payload.
 *
 * <p>Most packets only name a template by id; the templates (which layer each describes) arrive
 * in a template dependency structure attached to the first packet of a keyframe. A packet can
 * therefore only be interpreted with the latest structure of its stream, and one instance must be
 * kept per incoming stream. Two structures are preallocated and swapped, so parsing allocates
 * nothing and a malformed structure never replaces a good one.
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

    /** frame_dependency_template_id is 6 bits: no more templates can be told apart. */
    private static final int MAX_TEMPLATES = 64;
    /** dt_cnt_minus_one is 5 bits. */
    private static final int MAX_DECODE_TARGETS = 32;
    /** Octets of the mandatory descriptor fields. */
    private static final int MANDATORY_LENGTH = 3;

    /** One template dependency structure (A.8.2 template_dependency_structure). */
    private static final class Structure {
        int templateIdOffset;
        int templateCount;
        int decodeTargetCount;
        int chainCount;
        int spatialLayers;
        int temporalLayers;
        boolean resolutions;
        final int[] templateSpatialId = new int[MAX_TEMPLATES];
        final int[] templateTemporalId = new int[MAX_TEMPLATES];
        /** Each template's DTIs, 2 bits per decode target, decode target 0 lowest. */
        final long[] templateDtis = new long[MAX_TEMPLATES];
        /** decode_target_protected_by: the chain of each decode target. */
        final int[] protectedBy = new int[MAX_DECODE_TARGETS];
        /** template_chain_fdiff (4 bits), MAX_DECODE_TARGETS (the most chains) per template. */
        final byte[] templateChainFdiffs = new byte[MAX_TEMPLATES * MAX_DECODE_TARGETS];
        final int[] decodeTargetSpatialId = new int[MAX_DECODE_TARGETS];
        final int[] decodeTargetTemporalId = new int[MAX_DECODE_TARGETS];
        /** Indexed by spatial id, which can grow by one per template. */
        final int[] maxWidth = new int[MAX_TEMPLATES];
        final int[] maxHeight = new int[MAX_TEMPLATES];
    }

    private Structure structure = new Structure();
    private Structure incoming = new Structure();
    private boolean hasStructure;
    private int activeDecodeTargets;

    private ByteBuf buf;
    private long bit;
    private long bitEnd;
    private boolean overrun;

    private boolean startOfFrame;
    private boolean endOfFrame;
    private int frameNumber;
    private int spatialId;
    private int temporalId;
    private long frameDtis;
    private final int[] frameChainFdiffs = new int[MAX_DECODE_TARGETS];
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
        this.buf = buf;
        bit = 8L * (offset + MANDATORY_LENGTH);
        bitEnd = 8L * (offset + length);
        overrun = false;

        boolean structurePresent = false;
        boolean activeDecodeTargetsPresent = false;
        boolean customDtis = false;
        boolean customFdiffs = false;
        boolean customChains = false;
        if (length > MANDATORY_LENGTH) {
            // extended_descriptor_fields; a 3-byte descriptor has none (no_extended_descriptor_fields).
            structurePresent = bits(1) == 1;
            activeDecodeTargetsPresent = bits(1) == 1;
            customDtis = bits(1) == 1;
            customFdiffs = bits(1) == 1;
            customChains = bits(1) == 1;
        }
        Structure s;
        int active;
        if (structurePresent) {
            s = incoming;
            if (!readStructure(s)) {
                return false;
            }
            active = allDecodeTargets(s.decodeTargetCount);
        } else if (hasStructure) {
            s = structure;
            active = activeDecodeTargets;
        } else {
            return false;
        }
        if (activeDecodeTargetsPresent) {
            active = bits(s.decodeTargetCount);
        }

        // frame_dependency_definition
        int templateIndex = (templateId + MAX_TEMPLATES - s.templateIdOffset) % MAX_TEMPLATES;
        if (templateIndex >= s.templateCount) {
            return false;
        }
        long dtis = s.templateDtis[templateIndex];
        if (customDtis) {
            dtis = readDtis(s.decodeTargetCount);
        }
        if (customFdiffs) {
            // frame_fdiffs: next_fdiff_size f(2), then fdiff_minus_one f(4 * next_fdiff_size),
            // until a size of 0. The referred frames matter to a decoder, not to layer selection
            // (chains tell an SFU what it must not lose), so they are skipped.
            for (int size = bits(2); size != 0; size = bits(2)) {
                bits(4 * size);
            }
        }
        for (int chain = 0; chain < s.chainCount; chain++) {
            // frame_chains: frame_chain_fdiff f(8) per chain, else the template's.
            frameChainFdiffs[chain] = customChains
                    ? bits(8) : s.templateChainFdiffs[templateIndex * MAX_DECODE_TARGETS + chain];
        }
        if (overrun) {
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

    /** A.8.2 template_dependency_structure, into {@code s}; false when it runs past the end or is too large. */
    private boolean readStructure(Structure s) {
        s.templateIdOffset = bits(6);
        s.decodeTargetCount = bits(5) + 1;

        // template_layers: each next_layer_idc says how the next template's layer follows from
        // this one's (Table A.2): 0 same, 1 next temporal, 2 next spatial at temporal 0, 3 no more.
        int count = 0;
        int sid = 0;
        int tid = 0;
        int maxTid = 0;
        int nextLayerIdc;
        do {
            if (count == MAX_TEMPLATES) {
                return false;
            }
            s.templateSpatialId[count] = sid;
            s.templateTemporalId[count] = tid;
            count++;
            nextLayerIdc = bits(2);
            if (nextLayerIdc == 1) {
                tid++;
                maxTid = Math.max(maxTid, tid);
            } else if (nextLayerIdc == 2) {
                tid = 0;
                sid++;
            }
        } while (nextLayerIdc != 3 && !overrun);
        s.templateCount = count;
        s.spatialLayers = sid + 1;
        s.temporalLayers = maxTid + 1;

        // template_dtis
        for (int t = 0; t < count; t++) {
            s.templateDtis[t] = readDtis(s.decodeTargetCount);
        }

        // template_fdiffs: fdiff_follows_flag f(1), fdiff_minus_one f(4), ... per template.
        for (int t = 0; t < count; t++) {
            while (bits(1) == 1) {
                bits(4);
            }
        }

        // template_chains: chain_cnt ns(DtCnt + 1); when non-zero, decode_target_protected_by
        // ns(chain_cnt) per decode target and template_chain_fdiff f(4) per template and chain.
        s.chainCount = ns(s.decodeTargetCount + 1);
        if (s.chainCount > 0) {
            for (int dt = 0; dt < s.decodeTargetCount; dt++) {
                s.protectedBy[dt] = ns(s.chainCount);
            }
            for (int t = 0; t < count; t++) {
                for (int chain = 0; chain < s.chainCount; chain++) {
                    s.templateChainFdiffs[t * MAX_DECODE_TARGETS + chain] = (byte) bits(4);
                }
            }
        }

        // decode_target_layers (derived, nothing read): a decode target's layer is the highest
        // spatial and temporal id among the templates present in it.
        for (int dt = 0; dt < s.decodeTargetCount; dt++) {
            int dtSid = 0;
            int dtTid = 0;
            for (int t = 0; t < count; t++) {
                if (dti(s.templateDtis[t], dt) != DTI_NOT_PRESENT) {
                    dtSid = Math.max(dtSid, s.templateSpatialId[t]);
                    dtTid = Math.max(dtTid, s.templateTemporalId[t]);
                }
            }
            s.decodeTargetSpatialId[dt] = dtSid;
            s.decodeTargetTemporalId[dt] = dtTid;
        }

        // resolutions_present_flag, then render_resolutions: max_render_width_minus_1 f(16),
        // max_render_height_minus_1 f(16) per spatial layer.
        s.resolutions = bits(1) == 1;
        if (s.resolutions) {
            for (int layer = 0; layer < s.spatialLayers; layer++) {
                s.maxWidth[layer] = bits(16) + 1;
                s.maxHeight[layer] = bits(16) + 1;
            }
        }
        return !overrun;
    }

    /** template_dti / frame_dti: f(2) per decode target, packed 2 bits each. */
    private long readDtis(int decodeTargets) {
        long dtis = 0;
        for (int dt = 0; dt < decodeTargets; dt++) {
            dtis |= (long) bits(2) << (2 * dt);
        }
        return dtis;
    }

    private static int dti(long dtis, int dt) {
        return (int) (dtis >>> (2 * dt)) & 0x03;
    }

    private static int allDecodeTargets(int count) {
        return (int) ((1L << count) - 1);
    }

    /**
     * f(n), n ≤ 32: the next n bits, most significant first. Reading past the descriptor sets
     * {@link #overrun} and yields 0, which ends the loops driven by a flag or a size, so callers
     * check once at the end (template_layers, where 0 continues, checks on each template).
     */
    private int bits(int n) {
        if (bit + n > bitEnd) {
            overrun = true;
            bit = bitEnd;
            return 0;
        }
        int value = 0;
        for (int i = 0; i < n; i++, bit++) {
            int octet = buf.getUnsignedByte((int) (bit >>> 3));
            value = value << 1 | (octet >>> (7 - (int) (bit & 7))) & 1;
        }
        return value;
    }

    /**
     * ns(n) (A.8.2): a value in 0..n-1 in w - 1 bits for the lowest m = 2^w - n values and w bits
     * for the rest, w being the bit length of n. For n = 1 it reads nothing.
     */
    private int ns(int n) {
        int w = 32 - Integer.numberOfLeadingZeros(n);
        int m = (1 << w) - n;
        int v = bits(w - 1);
        return v < m ? v : (v << 1) - m + bits(1);
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
        return dt >= 0 && dt < decodeTargetCount() ? dti(frameDtis, dt) : DTI_NOT_PRESENT;
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
