package io.parley.core.codec;

/**
 * One template dependency structure of the dependency descriptor (AV1 RTP specification, A.8.1
 * Templates, A.8.2 template_dependency_structure): the frame templates a stream's packets name by
 * id, each with its spatial and temporal layer, Decode Target Indications and chain differences;
 * the chain protecting each decode target, each decode target's layer, and each spatial layer's
 * maximum resolution. Arrays are sized for the most the syntax can express, so reading allocates
 * nothing.
 */
final class TemplateStructure {
    /** frame_dependency_template_id is 6 bits: no more templates can be told apart. */
    static final int MAX_TEMPLATES = 64;
    /** dt_cnt_minus_one is 5 bits. */
    static final int MAX_DECODE_TARGETS = 32;

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

    /** template_dependency_structure(); false when it runs past the end or has too many templates. */
    boolean read(DescriptorBits bits) {
        templateIdOffset = bits.f(6);
        decodeTargetCount = bits.f(5) + 1;
        if (!readTemplateLayers(bits)) {
            return false;
        }
        // template_dtis
        for (int t = 0; t < templateCount; t++) {
            templateDtis[t] = readDtis(bits, decodeTargetCount);
        }
        // template_fdiffs: fdiff_follows_flag f(1), fdiff_minus_one f(4), ... per template. The
        // referred frames matter to a decoder, not to layer selection, so they are skipped.
        for (int t = 0; t < templateCount; t++) {
            while (bits.f(1) == 1) {
                bits.f(4);
            }
        }
        readTemplateChains(bits);
        deriveDecodeTargetLayers();
        // resolutions_present_flag, then render_resolutions: max_render_width_minus_1 f(16),
        // max_render_height_minus_1 f(16) per spatial layer.
        resolutions = bits.f(1) == 1;
        if (resolutions) {
            for (int layer = 0; layer < spatialLayers; layer++) {
                maxWidth[layer] = bits.f(16) + 1;
                maxHeight[layer] = bits.f(16) + 1;
            }
        }
        return !bits.overrun();
    }

    /**
     * template_layers(): each next_layer_idc says how the next template's layer follows from this
     * one's (Table A.2): 0 same, 1 next temporal, 2 next spatial at temporal 0, 3 no more. Checks
     * the end on each template, since 0, what a read past the end gives, continues the loop.
     */
    private boolean readTemplateLayers(DescriptorBits bits) {
        int count = 0;
        int sid = 0;
        int tid = 0;
        int maxTid = 0;
        int nextLayerIdc;
        do {
            if (count == MAX_TEMPLATES) {
                return false;
            }
            templateSpatialId[count] = sid;
            templateTemporalId[count] = tid;
            count++;
            nextLayerIdc = bits.f(2);
            if (nextLayerIdc == 1) {
                tid++;
                maxTid = Math.max(maxTid, tid);
            } else if (nextLayerIdc == 2) {
                tid = 0;
                sid++;
            }
        } while (nextLayerIdc != 3 && !bits.overrun());
        templateCount = count;
        spatialLayers = sid + 1;
        temporalLayers = maxTid + 1;
        return true;
    }

    /**
     * template_chains(): chain_cnt ns(DtCnt + 1); when non-zero, decode_target_protected_by
     * ns(chain_cnt) per decode target and template_chain_fdiff f(4) per template and chain.
     */
    private void readTemplateChains(DescriptorBits bits) {
        chainCount = bits.ns(decodeTargetCount + 1);
        if (chainCount == 0) {
            return;
        }
        for (int dt = 0; dt < decodeTargetCount; dt++) {
            protectedBy[dt] = bits.ns(chainCount);
        }
        for (int t = 0; t < templateCount; t++) {
            for (int chain = 0; chain < chainCount; chain++) {
                templateChainFdiffs[t * MAX_DECODE_TARGETS + chain] = (byte) bits.f(4);
            }
        }
    }

    /**
     * decode_target_layers() (derived, nothing read): a decode target's layer is the highest
     * spatial and temporal id among the templates present in it.
     */
    private void deriveDecodeTargetLayers() {
        for (int dt = 0; dt < decodeTargetCount; dt++) {
            int dtSid = 0;
            int dtTid = 0;
            for (int t = 0; t < templateCount; t++) {
                if (dti(templateDtis[t], dt) != DependencyDescriptor.DTI_NOT_PRESENT) {
                    dtSid = Math.max(dtSid, templateSpatialId[t]);
                    dtTid = Math.max(dtTid, templateTemporalId[t]);
                }
            }
            decodeTargetSpatialId[dt] = dtSid;
            decodeTargetTemporalId[dt] = dtTid;
        }
    }

    /** extended_descriptor_fields(): after a structure, all its decode targets are active (A.4). */
    int allDecodeTargets() {
        return (int) ((1L << decodeTargetCount) - 1);
    }

    /**
     * frame_dependency_definition(): the index of the template a frame names by {@code templateId},
     * or -1 when this structure defines none by that id.
     */
    int templateIndex(int templateId) {
        int index = (templateId + MAX_TEMPLATES - templateIdOffset) % MAX_TEMPLATES;
        return index < templateCount ? index : -1;
    }

    /** The chain difference of a template for a chain. */
    int chainFdiff(int templateIndex, int chain) {
        return templateChainFdiffs[templateIndex * MAX_DECODE_TARGETS + chain];
    }

    /** template_dti / frame_dti: f(2) per decode target, packed 2 bits each. */
    static long readDtis(DescriptorBits bits, int decodeTargets) {
        long dtis = 0;
        for (int dt = 0; dt < decodeTargets; dt++) {
            dtis |= (long) bits.f(2) << (2 * dt);
        }
        return dtis;
    }

    /** The DTI of decode target {@code dt} in packed DTIs. */
    static int dti(long dtis, int dt) {
        return (int) (dtis >>> (2 * dt)) & 0x03;
    }
}
