package io.parley.core.codec;

import static io.parley.core.codec.DependencyDescriptor.DTI_DISCARDABLE;
import static io.parley.core.codec.DependencyDescriptor.DTI_NOT_PRESENT;
import static io.parley.core.codec.DependencyDescriptor.DTI_SWITCH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** template_dependency_structure() of the AV1 RTP specification (A.8.2) and what derives from it. */
class TemplateStructureTest {
    private final TemplateStructure s = new TemplateStructure();
    private final DescriptorBits bits = new DescriptorBits();

    /**
     * L1T2: template 0 at temporal layer 0 (a switch point of both decode targets), template 1 at
     * temporal layer 1 (only in decode target 1, discardable); one chain protecting both; 320x180.
     */
    private static byte[] l1t2() {
        return new BitWriter()
                .u(6, 10).u(5, 1)                             // template_id_offset 10, two decode targets
                .u(2, 1).u(2, 3)                              // next_layer_idc: next temporal, then no more
                .u(2, DTI_SWITCH).u(2, DTI_SWITCH)            // template_dti of template 0
                .u(2, DTI_NOT_PRESENT).u(2, DTI_DISCARDABLE)  // and of template 1
                .u(1, 1).u(4, 1).u(1, 0)                      // template 0 refers 2 frames back
                .u(1, 1).u(4, 0).u(1, 0)                      // template 1 one back
                .ns(3, 1)                                     // chain_cnt 1
                .ns(1, 0).ns(1, 0)                            // decode_target_protected_by: chain 0
                .u(4, 0).u(4, 1)                              // template_chain_fdiff per template
                .u(1, 1).u(16, 319).u(16, 179)                // render_resolutions
                .bytes();
    }

    @Test
    void readsTheTemplatesTheirLayersChainsAndResolutions() {
        assertTrue(read(l1t2()));
        assertEquals(2, s.templateCount);
        assertEquals(2, s.decodeTargetCount);
        assertEquals(1, s.spatialLayers);
        assertEquals(2, s.temporalLayers);
        assertEquals(1, s.templateTemporalId[1]);
        assertEquals(DTI_SWITCH, TemplateStructure.dti(s.templateDtis[0], 1));
        assertEquals(DTI_NOT_PRESENT, TemplateStructure.dti(s.templateDtis[1], 0));
        assertEquals(DTI_DISCARDABLE, TemplateStructure.dti(s.templateDtis[1], 1));
        assertEquals(1, s.chainCount);
        assertEquals(0, s.protectedBy[1]);
        assertEquals(1, s.chainFdiff(1, 0));
        assertEquals(320, s.maxWidth[0]);
        assertEquals(180, s.maxHeight[0]);
        assertEquals(0b11, s.allDecodeTargets());
    }

    @Test
    void aDecodeTargetsLayerIsTheHighestOfTheTemplatesInIt() {
        assertTrue(read(l1t2()));
        assertEquals(0, s.decodeTargetTemporalId[0], "template 1 is not present in decode target 0");
        assertEquals(1, s.decodeTargetTemporalId[1]);
        assertEquals(0, s.decodeTargetSpatialId[1]);
    }

    @Test
    void templateIdsCountFromTheOffsetAndWrapAt64() {
        assertTrue(read(l1t2()));
        assertEquals(0, s.templateIndex(10));
        assertEquals(1, s.templateIndex(11));
        assertEquals(-1, s.templateIndex(12));
        assertEquals(-1, s.templateIndex(9));
        byte[] wrapping = l1t2();
        wrapping[0] = (byte) (63 << 2 | wrapping[0] & 0x03);   // template_id_offset 63
        assertTrue(read(wrapping));
        assertEquals(0, s.templateIndex(63));
        assertEquals(1, s.templateIndex(0));
    }

    @Test
    void aStructureCutShortOrOfMoreThan64TemplatesIsRefused() {
        byte[] whole = l1t2();
        for (int length = 0; length < whole.length - 1; length++) {
            assertFalse(read(Arrays.copyOf(whole, length)), "cut to " + length);
        }
        assertTrue(read(templates(64)), "64 templates fit six-bit ids");
        assertEquals(64, s.templateCount);
        assertFalse(read(templates(65)));
    }

    /** {@code count} templates of one layer and one decode target, all else absent. */
    private static byte[] templates(int count) {
        BitWriter w = new BitWriter().u(6, 0).u(5, 0);
        for (int t = 1; t < count; t++) {
            w.u(2, 0);
        }
        w.u(2, 3);
        for (int t = 0; t < count; t++) {
            w.u(2, DTI_SWITCH);
        }
        for (int t = 0; t < count; t++) {
            w.u(1, 0);
        }
        return w.ns(2, 0).u(1, 0).bytes();
    }

    private boolean read(byte[] structure) {
        bits.start(Unpooled.wrappedBuffer(structure), 0, structure.length, 0);
        return s.read(bits);
    }
}
