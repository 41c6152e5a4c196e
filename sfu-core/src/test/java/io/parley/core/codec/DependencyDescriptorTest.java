package io.parley.core.codec;

import static io.parley.core.codec.DependencyDescriptor.DTI_DISCARDABLE;
import static io.parley.core.codec.DependencyDescriptor.DTI_NOT_PRESENT;
import static io.parley.core.codec.DependencyDescriptor.DTI_REQUIRED;
import static io.parley.core.codec.DependencyDescriptor.DTI_SWITCH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.parley.core.rtp.RtpPacket;
import org.junit.jupiter.api.Test;

class DependencyDescriptorTest {
    private final DependencyDescriptor dd = new DependencyDescriptor();

    /** One frame dependency template: layer, DTI symbols of Table A.1 ("-DSR"), fdiffs, chain fdiffs. */
    private record Template(int sid, int tid, String dtis, int[] fdiffs, int[] chains) {
    }

    private static Template t(int sid, int tid, String dtis, int[] fdiffs, int... chains) {
        return new Template(sid, tid, dtis, fdiffs, chains);
    }

    private static int[] fd(int... fdiffs) {
        return fdiffs;
    }

    /**
     * L1T3 as Chrome's encoders describe it: decode targets 0-2 are T0, T0-T1 and T0-T2 (7.5, 15
     * and 30 fps), one chain through the T0 frames, the keyframe template second.
     */
    private static final List<Template> L1T3 = List.of(
            t(0, 0, "SSS", fd(4), 4),
            t(0, 0, "SSS", fd(), 0),
            t(0, 1, "-DS", fd(2), 2),
            t(0, 2, "--D", fd(1), 1),
            t(0, 2, "--D", fd(1), 3));

    /**
     * L3T3 full SVC, the example of A.10.2.2: decode targets from HD 30 fps down to QVGA 7.5 fps,
     * three chains.
     */
    private static final List<Template> L3T3 = List.of(
            t(0, 0, "SSSSSSSSS", fd(), 0, 0, 0),
            t(0, 0, "RRRRRRSSS", fd(12), 12, 11, 10),
            t(0, 1, "RR-RR-SD-", fd(6), 6, 5, 4),
            t(0, 2, "R--R--D--", fd(3), 3, 2, 1),
            t(0, 2, "R--R--D--", fd(3), 9, 8, 7),
            t(1, 0, "SSSSSS---", fd(1), 1, 1, 1),
            t(1, 0, "RRRSSS---", fd(12, 1), 1, 1, 1),
            t(1, 1, "RR-SD----", fd(6, 1), 7, 6, 5),
            t(1, 2, "R--D-----", fd(3, 1), 4, 3, 2),
            t(1, 2, "R--D-----", fd(3, 1), 10, 9, 8),
            t(2, 0, "SSS------", fd(1), 2, 1, 1),
            t(2, 0, "SSS------", fd(12, 1), 2, 1, 1),
            t(2, 1, "SD-------", fd(6, 1), 8, 7, 6),
            t(2, 2, "D--------", fd(3, 1), 5, 4, 3),
            t(2, 2, "D--------", fd(3, 1), 11, 10, 9));
    private static final int[] L3T3_PROTECTED_BY = {2, 2, 2, 1, 1, 1, 0, 0, 0};
    private static final int[][] L3T3_RESOLUTIONS = {{320, 180}, {640, 360}, {1280, 720}};

    @Test
    void l1t3KeyframeStructureThenTemplateOnlyPackets() {
        // template_id_offset 62: the five templates have ids 62, 63, 0, 1, 2.
        BitWriter key = mandatory(true, true, 63, 100).flags(true, false, false, false, false);
        structure(key, 62, 3, L1T3, 1, new int[] {0, 0, 0}, null);
        assertTrue(parse(key.bytes()));
        assertTrue(dd.carriesStructure());
        assertTrue(dd.hasStructure());
        assertTrue(dd.startOfFrame());
        assertTrue(dd.endOfFrame());
        assertEquals(100, dd.frameNumber());
        assertEquals(0, dd.spatialId());
        assertEquals(0, dd.temporalId());
        assertEquals(1, dd.spatialLayerCount());
        assertEquals(3, dd.temporalLayerCount());
        assertEquals(3, dd.decodeTargetCount());
        assertEquals(0b111, dd.activeDecodeTargets(), "a structure activates every decode target");
        for (int dt = 0; dt < 3; dt++) {
            assertEquals(DTI_SWITCH, dd.decodeTargetIndication(dt));
            assertEquals(0, dd.decodeTargetSpatialId(dt));
            assertEquals(dt, dd.decodeTargetTemporalId(dt));
        }
        assertEquals(DTI_NOT_PRESENT, dd.decodeTargetIndication(3));
        assertEquals(-1, dd.decodeTargetTemporalId(3));
        assertEquals(-1, dd.maxWidth(0), "no resolutions in this structure");
        assertEquals(1, dd.chainCount());
        assertEquals(0, dd.decodeTargetChain(2));
        assertEquals(-1, dd.decodeTargetChain(3));
        assertEquals(0, dd.chainFdiff(0), "the keyframe starts the chain");
        assertEquals(-1, dd.chainFdiff(1));

        // T2, T1, T2, T0 frames, each in one packet with a 3-byte descriptor.
        assertTrue(parse(0xC1, 0x00, 0x65));
        assertFalse(dd.carriesStructure());
        assertEquals(101, dd.frameNumber());
        assertEquals(2, dd.temporalId());
        assertEquals(1, dd.chainFdiff(0));
        assertEquals(DTI_NOT_PRESENT, dd.decodeTargetIndication(0));
        assertEquals(DTI_NOT_PRESENT, dd.decodeTargetIndication(1));
        assertEquals(DTI_DISCARDABLE, dd.decodeTargetIndication(2));
        assertTrue(parse(0xC0, 0x00, 0x66));
        assertEquals(1, dd.temporalId());
        assertEquals(DTI_SWITCH, dd.decodeTargetIndication(2));
        assertEquals(2, dd.chainFdiff(0));
        assertTrue(parse(0x82, 0x00, 0x67));
        assertEquals(2, dd.temporalId());
        assertEquals(3, dd.chainFdiff(0));
        assertTrue(dd.startOfFrame());
        assertFalse(dd.endOfFrame());
        assertTrue(parse(0x7E, 0xFF, 0xFF));
        assertEquals(0, dd.temporalId());
        assertEquals(65535, dd.frameNumber());
        assertFalse(dd.startOfFrame());
        assertTrue(dd.endOfFrame());
        assertEquals(0, dd.spatialId());
        assertEquals(4, dd.chainFdiff(0));
        assertEquals(0b111, dd.activeDecodeTargets());

        assertFalse(parse(0xC3, 0x00, 0x68), "template id 3: index 5 of 5 templates");
        assertFalse(parse(0xFD, 0x00, 0x68), "template id 61: index 63");
        assertEquals(3, dd.temporalLayerCount(), "the structure stays");
    }

    @Test
    void l3t3StructureWithResolutionsAndThreeChains() {
        BitWriter key = mandatory(true, false, 1, 7).flags(true, false, false, false, false);
        structure(key, 1, 9, L3T3, 3, L3T3_PROTECTED_BY, L3T3_RESOLUTIONS);
        assertTrue(parse(key.bytes()));
        assertTrue(dd.carriesStructure());
        assertEquals(3, dd.spatialLayerCount());
        assertEquals(3, dd.temporalLayerCount());
        assertEquals(9, dd.decodeTargetCount());
        assertEquals(0x1FF, dd.activeDecodeTargets());
        assertEquals(320, dd.maxWidth(0));
        assertEquals(180, dd.maxHeight(0));
        assertEquals(640, dd.maxWidth(1));
        assertEquals(360, dd.maxHeight(1));
        assertEquals(1280, dd.maxWidth(2));
        assertEquals(720, dd.maxHeight(2));
        assertEquals(-1, dd.maxWidth(3));
        // Decode target 0 is HD 30 fps, 8 QVGA 7.5 fps.
        for (int dt = 0; dt < 9; dt++) {
            assertEquals(2 - dt / 3, dd.decodeTargetSpatialId(dt), "decode target " + dt);
            assertEquals(2 - dt % 3, dd.decodeTargetTemporalId(dt), "decode target " + dt);
        }
        // Template ids are the table's indices 1-15.
        int[][] layers = {{1, 0, 0}, {6, 1, 0}, {11, 2, 0}, {3, 0, 1}, {9, 1, 2}, {13, 2, 1}, {15, 2, 2}};
        for (int[] l : layers) {
            assertTrue(parse(0x80 | l[0], 0x00, 0x08), "template " + l[0]);
            assertEquals(l[1], dd.spatialId(), "template " + l[0]);
            assertEquals(l[2], dd.temporalId(), "template " + l[0]);
        }
        assertTrue(parse(0x80 | 8, 0x00, 0x08));
        assertEquals(DTI_REQUIRED, dd.decodeTargetIndication(0));
        assertEquals(DTI_REQUIRED, dd.decodeTargetIndication(1));
        assertEquals(DTI_NOT_PRESENT, dd.decodeTargetIndication(2));
        assertEquals(DTI_SWITCH, dd.decodeTargetIndication(3));
        assertEquals(DTI_DISCARDABLE, dd.decodeTargetIndication(4));
        assertEquals(DTI_NOT_PRESENT, dd.decodeTargetIndication(5));
        assertEquals(3, dd.chainCount());
        assertEquals(7, dd.chainFdiff(0));
        assertEquals(6, dd.chainFdiff(1));
        assertEquals(5, dd.chainFdiff(2));
        for (int dt = 0; dt < 9; dt++) {
            assertEquals(L3T3_PROTECTED_BY[dt], dd.decodeTargetChain(dt));
        }
        assertFalse(parse(0x80, 0x00, 0x08), "template id 0 is below the offset: index 63");
        assertFalse(parse(0x80 | 16, 0x00, 0x08), "index 15 of 15 templates");
    }

    /**
     * A descriptor sequence captured from Chrome sending VP9 L3T3 (as published with LiveKit's
     * dependency descriptor tests): the keyframe's structure with resolutions, then packets
     * announcing that the top spatial layer's decode targets are inactive.
     */
    @Test
    void chromeCaptureOfL3t3() {
        assertTrue(parse(hex("c1017280081485214eafffaaaa863cf0430c10c302afc0aaa0063c00430010c002a000a800060000"
                + "40001d954926e082b04a0941b820ac1282503157f974000ca864330e222222eca8655304224230eca877530077"
                + "004200ef008601df010d")));
        assertTrue(dd.carriesStructure());
        assertTrue(dd.startOfFrame() && dd.endOfFrame());
        assertEquals(370, dd.frameNumber());
        assertEquals(0, dd.spatialId());
        assertEquals(0, dd.temporalId());
        assertEquals(3, dd.spatialLayerCount());
        assertEquals(3, dd.temporalLayerCount());
        assertEquals(9, dd.decodeTargetCount());
        assertEquals(0x1FF, dd.activeDecodeTargets());
        for (int dt = 0; dt < 9; dt++) {
            assertEquals(DTI_SWITCH, dd.decodeTargetIndication(dt), "keyframe template");
            assertEquals(dt / 3, dd.decodeTargetSpatialId(dt));
            assertEquals(dt % 3, dd.decodeTargetTemporalId(dt));
        }
        assertEquals(120, dd.maxWidth(0));
        assertEquals(67, dd.maxHeight(0));
        assertEquals(240, dd.maxWidth(1));
        assertEquals(135, dd.maxHeight(1));
        assertEquals(480, dd.maxWidth(2));
        assertEquals(270, dd.maxHeight(2));
        assertEquals(3, dd.chainCount());
        for (int dt = 0; dt < 9; dt++) {
            assertEquals(dt / 3, dd.decodeTargetChain(dt), "chain i protects spatial layer i");
        }

        String[] packets = {"86017340fc", "46017340fc", "c3017540fc", "88017640fc", "48017640fc", "c2017840fc"};
        int[][] expected = {      // start, end, frame number, spatial id, temporal id
            {1, 0, 371, 1, 0}, {0, 1, 371, 1, 0}, {1, 1, 373, 0, 2}, {1, 0, 374, 1, 2}, {0, 1, 374, 1, 2},
            {1, 1, 376, 0, 1},
        };
        for (int i = 0; i < packets.length; i++) {
            assertTrue(parse(hex(packets[i])), packets[i]);
            assertEquals(expected[i][0] == 1, dd.startOfFrame(), packets[i]);
            assertEquals(expected[i][1] == 1, dd.endOfFrame(), packets[i]);
            assertEquals(expected[i][2], dd.frameNumber(), packets[i]);
            assertEquals(expected[i][3], dd.spatialId(), packets[i]);
            assertEquals(expected[i][4], dd.temporalId(), packets[i]);
            assertFalse(dd.carriesStructure());
            assertEquals(0b000111111, dd.activeDecodeTargets(), "S2's decode targets inactive");
        }
        assertTrue(parse(hex("c3017540fc")));
        assertEquals(3, dd.chainFdiff(0), "template 3's chain fdiffs");
        assertEquals(2, dd.chainFdiff(1));
        assertEquals(1, dd.chainFdiff(2));
        assertTrue(parse(hex("c20178")));
        assertEquals(0b000111111, dd.activeDecodeTargets(), "an update holds until the next");
    }

    @Test
    void activeDecodeTargetsAreReadWithTheStructureTheyFollow() {
        BitWriter key = mandatory(true, true, 0, 1).flags(true, true, false, false, false);
        structure(key, 0, 3, L1T3, 1, new int[] {0, 0, 0}, null);
        key.u(3, 0b011);
        assertTrue(parse(key.bytes()));
        assertEquals(0b011, dd.activeDecodeTargets());
        assertTrue(parse(mandatory(true, true, 2, 2).flags(false, true, false, false, false).u(3, 0b001).bytes()));
        assertEquals(0b001, dd.activeDecodeTargets());
        BitWriter next = mandatory(true, true, 1, 3).flags(true, false, false, false, false);
        structure(next, 0, 3, L1T3, 1, new int[] {0, 0, 0}, null);
        assertTrue(parse(next.bytes()));
        assertEquals(0b111, dd.activeDecodeTargets(), "a new structure activates all again");
    }

    @Test
    void customDtisFdiffsAndChainsAreReadInPlaceOfTheTemplates() {
        BitWriter key = mandatory(true, true, 1, 40).flags(true, false, false, false, false);
        structure(key, 0, 3, L1T3, 1, new int[] {0, 0, 0}, null);
        assertTrue(parse(key.bytes()));

        // A T2 frame (template 3) with custom DTIs R S D, fdiffs of 4, 8 and 12 bits, a chain fdiff.
        BitWriter custom = mandatory(true, false, 3, 41).flags(false, false, true, true, true)
                .u(2, DTI_REQUIRED).u(2, DTI_SWITCH).u(2, DTI_DISCARDABLE)
                .u(2, 1).u(4, 0)
                .u(2, 2).u(8, 0x0F)
                .u(2, 3).u(12, 0x123)
                .u(2, 0)
                .u(8, 150);
        byte[] bytes = custom.bytes();
        assertTrue(parse(bytes));
        assertEquals(0, dd.spatialId());
        assertEquals(2, dd.temporalId());
        assertEquals(41, dd.frameNumber());
        assertEquals(DTI_REQUIRED, dd.decodeTargetIndication(0));
        assertEquals(DTI_SWITCH, dd.decodeTargetIndication(1));
        assertEquals(DTI_DISCARDABLE, dd.decodeTargetIndication(2));
        assertEquals(150, dd.chainFdiff(0), "read after the custom fdiffs, so they were skipped right");
        for (int length = 4; length < bytes.length; length++) {
            assertFalse(parse(Arrays.copyOf(bytes, length)), "cut to " + length);
        }
        // Without custom DTIs the template's apply again.
        assertTrue(parse(mandatory(true, false, 3, 42).flags(false, false, false, true, false).u(2, 1).u(4, 0).u(2, 0)
                .bytes()));
        assertEquals(DTI_DISCARDABLE, dd.decodeTargetIndication(2));
        assertEquals(DTI_NOT_PRESENT, dd.decodeTargetIndication(0));
        assertEquals(1, dd.chainFdiff(0), "the template's");
    }

    @Test
    void nonSymmetricChainCountsAndProtections() {
        // With 4 decode targets chain_cnt is ns(5): 0-2 in 2 bits, 3 and 4 in 3 bits (A.8.2 table);
        // decode_target_protected_by is ns(chain_cnt). Resolutions after them show the alignment.
        List<Template> l1t4 = List.of(t(0, 0, "SSSS", fd(), 0, 0, 0, 0), t(0, 1, "-SSS", fd(1), 1, 1, 1, 1),
                t(0, 2, "--SS", fd(1), 1, 1, 1, 1), t(0, 3, "---S", fd(1), 1, 1, 1, 1));
        for (int chains = 0; chains <= 4; chains++) {
            int[] protectedBy = new int[4];
            for (int dt = 0; dt < 4 && chains > 0; dt++) {
                protectedBy[dt] = (chains - 1 - dt + 8) % chains;
            }
            BitWriter key = mandatory(true, true, 5, 9).flags(true, false, false, false, true);
            structure(key, 5, 4, withChains(l1t4, chains), chains, protectedBy, new int[][] {{1920, 1080}});
            for (int chain = 0; chain < chains; chain++) {
                key.u(8, 10 + chain);                         // custom frame_chain_fdiff
            }
            assertTrue(parse(key.bytes()), chains + " chains");
            assertEquals(chains, dd.chainCount());
            for (int dt = 0; dt < 4; dt++) {
                assertEquals(chains == 0 ? -1 : protectedBy[dt], dd.decodeTargetChain(dt), chains + " chains");
            }
            for (int chain = 0; chain < chains; chain++) {
                assertEquals(10 + chain, dd.chainFdiff(chain), chains + " chains");
            }
            assertEquals(1920, dd.maxWidth(0), chains + " chains");
            assertEquals(1080, dd.maxHeight(0), chains + " chains");
            assertEquals(4, dd.temporalLayerCount());
            assertEquals(3, dd.decodeTargetTemporalId(3));
        }
    }

    @Test
    void nothingIsKnownBeforeTheFirstStructure() {
        assertFalse(parse(0xC0, 0x00, 0x01));
        assertFalse(parse(mandatory(true, true, 0, 1).flags(false, true, false, false, false).u(3, 1).bytes()),
                "active decode targets need the structure's count");
        assertFalse(dd.hasStructure());
        assertEquals(0, dd.spatialLayerCount());
        assertEquals(0, dd.decodeTargetCount());
        assertEquals(-1, dd.maxWidth(0));
        assertFalse(parse(0xC0, 0x00));
        assertFalse(parse());
    }

    @Test
    void truncatedDescriptorsAreInvalidAndLeaveTheStructureAlone() {
        BitWriter l3t3 = mandatory(true, false, 1, 7).flags(true, true, false, false, false);
        structure(l3t3, 1, 9, L3T3, 3, L3T3_PROTECTED_BY, L3T3_RESOLUTIONS);
        l3t3.u(9, 0x0FF);
        byte[] bytes = l3t3.bytes();
        for (int length = 0; length < bytes.length; length++) {
            assertFalse(parse(Arrays.copyOf(bytes, length)), "no structure yet, cut to " + length);
            assertFalse(dd.hasStructure());
        }
        BitWriter l1t3 = mandatory(true, true, 63, 100).flags(true, false, false, false, false);
        structure(l1t3, 62, 3, L1T3, 1, new int[] {0, 0, 0}, null);
        assertTrue(parse(l1t3.bytes()));
        for (int length = 4; length < bytes.length; length++) {
            assertFalse(parse(Arrays.copyOf(bytes, length)), "cut to " + length);
            assertEquals(1, dd.spatialLayerCount(), "the L1T3 structure stays");
            assertEquals(0b111, dd.activeDecodeTargets());
        }
        assertTrue(parse(bytes));
        assertEquals(3, dd.spatialLayerCount());
        assertEquals(0x0FF, dd.activeDecodeTargets());
    }

    @Test
    void aStructureWhosePacketIsInvalidIsNotTaken() {
        BitWriter l1t3 = mandatory(true, true, 1, 100).flags(true, false, false, false, false);
        structure(l1t3, 0, 3, L1T3, 1, new int[] {0, 0, 0}, null);
        assertTrue(parse(l1t3.bytes()));
        // L3T3 with template ids 10-24, on a packet naming template 30.
        BitWriter badId = mandatory(true, true, 30, 101).flags(true, false, false, false, false);
        structure(badId, 10, 9, L3T3, 3, L3T3_PROTECTED_BY, null);
        assertFalse(parse(badId.bytes()));
        assertTrue(parse(0xC2, 0x00, 0x66), "template 2 of L1T3");
        assertEquals(1, dd.temporalId());
        assertEquals(1, dd.spatialLayerCount());
        BitWriter goodId = mandatory(true, true, 24, 102).flags(true, false, false, false, false);
        structure(goodId, 10, 9, L3T3, 3, L3T3_PROTECTED_BY, null);
        assertTrue(parse(goodId.bytes()));
        assertEquals(2, dd.spatialId());
        assertEquals(2, dd.temporalId());
        assertEquals(3, dd.spatialLayerCount());
    }

    @Test
    void layerCountsAreTheHighestIdsOfAnyTemplate() {
        List<Template> uneven = List.of(t(0, 0, "SS", fd()), t(0, 1, "-S", fd(1)), t(0, 2, "-D", fd(1)),
                t(1, 0, "-S", fd(1)), t(1, 1, "-D", fd(1)));
        BitWriter key = mandatory(true, true, 0, 1).flags(true, false, false, false, false);
        structure(key, 0, 2, uneven, 0, null, null);
        assertTrue(parse(key.bytes()));
        assertEquals(2, dd.spatialLayerCount());
        assertEquals(3, dd.temporalLayerCount());
        assertEquals(0, dd.decodeTargetSpatialId(0));
        assertEquals(0, dd.decodeTargetTemporalId(0));
        assertEquals(1, dd.decodeTargetSpatialId(1));
        assertEquals(2, dd.decodeTargetTemporalId(1));
        assertEquals(0, dd.chainCount());
        assertEquals(-1, dd.decodeTargetChain(0));
        assertEquals(-1, dd.chainFdiff(0));
    }

    @Test
    void atMost64Templates() {
        assertTrue(parse(sameLayerTemplates(64, 63)));
        assertEquals(1, dd.spatialLayerCount());
        assertEquals(1, dd.temporalLayerCount());
        assertFalse(parse(sameLayerTemplates(65, 0)));
        assertEquals(1, dd.spatialLayerCount());
    }

    /** A structure of {@code count} templates of S0T0 and one decode target. */
    private static byte[] sameLayerTemplates(int count, int templateId) {
        BitWriter w = mandatory(true, true, templateId, 1).flags(true, false, false, false, false).u(6, 0).u(5, 0);
        for (int i = 1; i < count; i++) {
            w.u(2, 0);                                        // next_layer_idc: the same layer again
        }
        w.u(2, 3);
        for (int i = 0; i < count; i++) {
            w.u(2, DTI_SWITCH);                               // template_dti
        }
        for (int i = 0; i < count; i++) {
            w.u(1, 0);                                        // no fdiffs
        }
        return w.ns(2, 0).u(1, 0).bytes();                    // no chains, no resolutions
    }

    @Test
    void readsTheExtensionFromAnRtpPacketInEitherHeaderForm() {
        BitWriter key = mandatory(true, true, 63, 100).flags(true, false, false, false, false);
        structure(key, 62, 3, L1T3, 1, new int[] {0, 0, 0}, null);
        byte[] structureDd = key.bytes();
        RtpPacket p = new RtpPacket();
        assertTrue(p.wrap(rtpWithExtension(true, 12, structureDd)));
        assertFalse(dd.parse(p, 11), "no such element");
        assertTrue(dd.parse(p, 12));
        assertTrue(dd.carriesStructure());
        assertTrue(p.wrap(rtpWithExtension(false, 3, new byte[] {(byte) 0xC1, 0x00, 0x65})));
        assertTrue(dd.parse(p, 3));
        assertEquals(2, dd.temporalId());
        assertEquals(101, dd.frameNumber());
    }

    private static List<Template> withChains(List<Template> templates, int chains) {
        return templates.stream()
                .map(t -> new Template(t.sid(), t.tid(), t.dtis(), t.fdiffs(), Arrays.copyOf(t.chains(), chains)))
                .toList();
    }

    /** mandatory_descriptor_fields. */
    private static BitWriter mandatory(boolean start, boolean end, int templateId, int frameNumber) {
        return new BitWriter().u(1, start ? 1 : 0).u(1, end ? 1 : 0).u(6, templateId).u(16, frameNumber);
    }

    /** template_dependency_structure, written from the templates per A.8.2. */
    private static void structure(BitWriter w, int offset, int decodeTargets, List<Template> templates, int chains,
            int[] protectedBy, int[][] resolutions) {
        w.u(6, offset).u(5, decodeTargets - 1);
        for (int i = 0; i < templates.size(); i++) {
            Template t = templates.get(i);
            if (i + 1 == templates.size()) {
                w.u(2, 3);
            } else {
                Template next = templates.get(i + 1);
                w.u(2, next.sid() == t.sid() ? next.tid() - t.tid() : 2);
            }
        }
        for (Template t : templates) {
            for (char c : t.dtis().toCharArray()) {
                w.u(2, "-DSR".indexOf(c));
            }
        }
        for (Template t : templates) {
            for (int fdiff : t.fdiffs()) {
                w.u(1, 1).u(4, fdiff - 1);
            }
            w.u(1, 0);
        }
        w.ns(decodeTargets + 1, chains);
        if (chains > 0) {
            for (int dt = 0; dt < decodeTargets; dt++) {
                w.ns(chains, protectedBy[dt]);
            }
            for (Template t : templates) {
                for (int chainFdiff : t.chains()) {
                    w.u(4, chainFdiff);
                }
            }
        }
        w.u(1, resolutions == null ? 0 : 1);
        if (resolutions != null) {
            for (int[] r : resolutions) {
                w.u(16, r[0] - 1).u(16, r[1] - 1);
            }
        }
    }

    private static ByteBuf rtpWithExtension(boolean twoByte, int id, byte[] element) {
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        if (twoByte) {
            ext.write(id);
            ext.write(element.length);
        } else {
            ext.write(id << 4 | (element.length - 1));
        }
        ext.writeBytes(element);
        while (ext.size() % 4 != 0) {
            ext.write(0);
        }
        ByteArrayOutputStream rtp = new ByteArrayOutputStream();
        rtp.writeBytes(new byte[] {(byte) 0x90, 45, 0x12, 0x34, 0, 0, 0, 1, 0x11, 0x22, 0x33, 0x44});
        rtp.writeBytes(twoByte ? new byte[] {0x10, 0x00} : new byte[] {(byte) 0xBE, (byte) 0xDE});
        rtp.write(ext.size() / 4 >> 8);
        rtp.write(ext.size() / 4);
        rtp.writeBytes(ext.toByteArray());
        rtp.writeBytes(new byte[] {1, 2, 3});
        return Unpooled.wrappedBuffer(rtp.toByteArray());
    }

    private boolean parse(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return parse(b);
    }

    /** Parses at a non-zero index of a larger buffer, as an extension inside a packet. */
    private boolean parse(byte[] descriptor) {
        byte[] b = new byte[descriptor.length + 9];
        System.arraycopy(descriptor, 0, b, 5, descriptor.length);
        Arrays.fill(b, 5 + descriptor.length, b.length, (byte) 0xFF);
        return dd.parse(Unpooled.wrappedBuffer(b), 5, descriptor.length);
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}
