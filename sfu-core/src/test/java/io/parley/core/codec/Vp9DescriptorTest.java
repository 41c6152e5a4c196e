package io.parley.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class Vp9DescriptorTest {
    private final Vp9Descriptor d = new Vp9Descriptor();

    /**
     * The first packet of a keyframe of Chrome's VP9 L3T3 in non-flexible mode: I, L, B and V set,
     * a 15-bit picture ID, layer indices with TL0PICIDX, and an SS with three resolutions and the
     * 4-picture group of three temporal layers (TIDs 0 2 1 2, P_DIFFs 4 1 2 1).
     */
    private static final int[] SVC_KEYFRAME = {
        0xAA,                                   // I=1 P=0 L=1 F=0 B=1 E=0 V=1 Z=0
        0x84, 0xD2,                             // M=1, picture ID 0x04D2 = 1234
        0x00,                                   // TID 0, U 0, SID 0, D 0
        0x05,                                   // TL0PICIDX
        0x58,                                   // N_S=2 (3 layers), Y=1, G=1
        0x01, 0x40, 0x00, 0xB4,                 // 320 x 180
        0x02, 0x80, 0x01, 0x68,                 // 640 x 360
        0x05, 0x00, 0x02, 0xD0,                 // 1280 x 720
        0x04,                                   // N_G=4
        0x04, 0x04,                             // TID 0, U 0, R 1, P_DIFF 4
        0x54, 0x01,                             // TID 2, U 1, R 1, P_DIFF 1
        0x34, 0x02,                             // TID 1, U 1, R 1, P_DIFF 2
        0x54, 0x01,                             // TID 2, U 1, R 1, P_DIFF 1
        0x9d, 0x01, 0x2a,                       // VP9 frame data
    };

    @Test
    void readsChromesSvcKeyframeDescriptor() {
        assertTrue(parse(SVC_KEYFRAME));
        assertEquals(SVC_KEYFRAME.length - 3, d.length());
        assertEquals(1234, d.pictureId());
        assertTrue(d.hasLayerIndices());
        assertFalse(d.flexibleMode());
        assertFalse(d.interPicturePredicted());
        assertTrue(d.startOfFrame());
        assertFalse(d.endOfFrame());
        assertFalse(d.notUpperLayerReference());
        assertEquals(0, d.spatialId());
        assertEquals(0, d.temporalId());
        assertFalse(d.switchingUpPoint());
        assertFalse(d.interLayerDependency());
        assertEquals(5, d.tl0PicIdx());
        assertTrue(d.isKeyframe());
        assertTrue(d.hasScalabilityStructure());
        assertEquals(3, d.spatialLayerCount());
        assertEquals(320, d.width(0));
        assertEquals(180, d.height(0));
        assertEquals(640, d.width(1));
        assertEquals(360, d.height(1));
        assertEquals(1280, d.width(2));
        assertEquals(720, d.height(2));
        assertEquals(-1, d.width(3));
        assertEquals(-1, d.height(-1));
    }

    @Test
    void picturesSayWhereThePictureIdAndTl0PicIdxAreForRewriting() {
        assertTrue(parse(SVC_KEYFRAME));
        PictureFields p = d.pictures();
        assertEquals(List.of(1234, 0x7FFF, 5), List.of(p.pictureId(), p.pictureIdMask(), p.tl0PicIdx()));
        ByteBuf copy = Unpooled.buffer(8).writeZero(2).writeBytes(new byte[] {(byte) 0xAA, (byte) 0x84, (byte) 0xD2, 0x00, 0x05});
        p.writePictureId(copy, 2, 0x0102);
        p.writeTl0PicIdx(copy, 2, 6);
        assertEquals(0x8102, copy.getUnsignedShort(3), "M kept");
        assertEquals(0x00, copy.getUnsignedByte(5), "the layer indices are left alone");
        assertEquals(6, copy.getUnsignedByte(6), "TL0PICIDX after them");

        assertTrue(parse(0xA8, 0x05, 0x40, 0x09, 0x00));      // I, L; 7-bit PictureID 5; TID 2; TL0PICIDX 9
        assertEquals(List.of(5, 0x7F, 9), List.of(d.pictures().pictureId(), d.pictures().pictureIdMask(),
                d.pictures().tl0PicIdx()));
        assertTrue(parse(0xB8, 0x11, 0x41, 0x03, 0xAA));      // flexible mode: layer indices, no TL0PICIDX
        assertEquals(List.of(0x11, -1), List.of(d.pictures().pictureId(), d.pictures().tl0PicIdx()));
        assertTrue(parse(0x28, 0x00, 0x07, 0x00));            // L only: TL0PICIDX right after the layer indices
        assertEquals(List.of(-1, 7), List.of(d.pictures().pictureId(), d.pictures().tl0PicIdx()));
        assertFalse(parse(0xA8, 0x85), "cut inside the PictureID");
        assertFalse(d.pictures().any());
    }

    @Test
    void readsUpperLayerAndInterFramesOfTheSamePicture() {
        // SID 1 of the keyframe picture: P=0 but D=1, it predicts from SID 0: not a keyframe.
        assertTrue(parse(0xAC, 0x84, 0xD2, 0x03, 0x05, 0x00));
        assertEquals(1, d.spatialId());
        assertTrue(d.interLayerDependency());
        assertTrue(d.endOfFrame());
        assertFalse(d.isKeyframe());
        assertFalse(d.hasScalabilityStructure());
        assertEquals(0, d.spatialLayerCount());
        assertEquals(-1, d.width(0));
        // A T2 inter frame of SID 2, switching up point, not referenced by upper layers.
        assertTrue(parse(0xED, 0x84, 0xD3, 0x54, 0x05, 0x00));
        assertTrue(d.interPicturePredicted());
        assertTrue(d.notUpperLayerReference());
        assertEquals(2, d.temporalId());
        assertTrue(d.switchingUpPoint());
        assertEquals(2, d.spatialId());
        assertFalse(d.interLayerDependency());
        assertEquals(1235, d.pictureId());
        assertFalse(d.isKeyframe());
        assertEquals(5, d.length());
    }

    @Test
    void keyframeIsTheStartOfAnIntraBaseLayerFrame() {
        assertTrue(parse(0x08, 0x00));
        assertTrue(d.isKeyframe(), "no layer indices: SID 0, P=0, B=1");
        assertEquals(1, d.length());
        assertEquals(-1, d.pictureId());
        assertEquals(-1, d.tl0PicIdx());
        assertTrue(parse(0x00, 0x00));
        assertFalse(d.isKeyframe(), "continuation packet of a keyframe");
        assertTrue(parse(0x48, 0x00));
        assertFalse(d.isKeyframe(), "inter-picture predicted");
        assertTrue(parse(0x28, 0x02, 0x00));
        assertFalse(d.isKeyframe(), "SID 1 with P=0: a layer switch point, not a keyframe");
        assertTrue(parse(0x28, 0x00, 0x00));
        assertTrue(d.isKeyframe());
    }

    @Test
    void flexibleModeSkipsUpToThreeReferenceIndices() {
        // I (7-bit), P, L, F, B: layer indices without TL0PICIDX, then P_DIFFs.
        assertTrue(parse(0xF8, 0x11, 0x41, 0x02, 0xAA));
        assertEquals(4, d.length());
        assertEquals(0x11, d.pictureId());
        assertEquals(2, d.temporalId());
        assertEquals(0, d.spatialId());
        assertEquals(-1, d.tl0PicIdx());
        assertTrue(d.flexibleMode());
        assertTrue(parse(0xF8, 0x11, 0x41, 0x03, 0x05, 0x06, 0xAA));
        assertEquals(6, d.length(), "three P_DIFFs chained by N");
        assertFalse(parse(0xF8, 0x11, 0x41, 0x03, 0x05, 0x07, 0x09, 0xAA), "a fourth P_DIFF");
        assertEquals(-1, d.length());
        assertTrue(parse(0xB8, 0x11, 0x41, 0x03, 0xAA));
        assertEquals(3, d.length(), "P=0: no P_DIFF even in flexible mode");
    }

    @Test
    void scalabilityStructureWithoutResolutionsOrPictureGroup() {
        assertTrue(parse(0x0A, 0x20, 0xAA));                 // V, N_S=1, Y=0, G=0
        assertEquals(2, d.length());
        assertEquals(2, d.spatialLayerCount());
        assertEquals(-1, d.width(0));
        assertEquals(-1, d.height(1));
        assertTrue(parse(0x0A, 0x08, 0x02, 0x00, 0x08, 0x01, 0x02, 0xAA));  // N_S=0, G: N_G=2, R=0 and R=2
        assertEquals(7, d.length());
        assertEquals(1, d.spatialLayerCount());
        assertFalse(parse(0x0A, 0x08, 0x02, 0x00, 0x08, 0x01), "the second picture's P_DIFFs are cut");
        assertFalse(d.hasScalabilityStructure());
    }

    /** Every layout-changing combination of I (none, 7, 15 bits), L, F, P (1-3 P_DIFFs) and V (Y, G). */
    @Test
    void everyFlagCombinationAndEveryTruncation() {
        int cases = 0;
        for (int pid = 0; pid < 3; pid++) {
            for (int l = 0; l < 2; l++) {
                for (int f = 0; f < 2; f++) {
                    for (int pDiffs = 0; pDiffs <= 3; pDiffs++) {
                        if (f == 0 && pDiffs > 0) {
                            continue;
                        }
                        for (int ss = 0; ss < 4; ss++) {
                            check(pid, l == 1, f == 1, pDiffs, ss);
                            cases++;
                        }
                    }
                }
            }
        }
        assertEquals(3 * 2 * (4 + 4 * 4), cases);
    }

    /**
     * Builds a descriptor with the given layout (ss: 0 none, 1 bare, 2 with 2 resolutions, 3 with
     * resolutions and a picture group), checks every field, then that each shorter prefix is invalid.
     */
    private void check(int pid, boolean layers, boolean flexible, int pDiffs, int ss) {
        boolean p = pDiffs > 0;
        String name = "pid " + pid + " L " + layers + " F " + flexible + " P_DIFFs " + pDiffs + " SS " + ss;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write((pid > 0 ? 0x80 : 0) | (p ? 0x40 : 0) | (layers ? 0x20 : 0) | (flexible ? 0x10 : 0) | 0x08 | 0x04
                | (ss > 0 ? 0x02 : 0));
        if (pid == 1) {
            b.write(0x5A);
        } else if (pid == 2) {
            b.write(0x80 | 0x7A);
            b.write(0xBC);
        }
        if (layers) {
            b.write(0x6B);                                    // TID 3, U 0, SID 5, D 1
            if (!flexible) {
                b.write(0xEE);
            }
        }
        for (int i = 0; i < pDiffs; i++) {
            b.write((i + 1) << 1 | (i < pDiffs - 1 ? 1 : 0));
        }
        if (ss > 0) {
            b.write(0x20 | (ss >= 2 ? 0x10 : 0) | (ss == 3 ? 0x08 : 0));   // N_S=1
            if (ss >= 2) {
                b.writeBytes(new byte[] {0x00, (byte) 0xA0, 0x00, 0x5A, 0x01, 0x40, 0x00, (byte) 0xB4});
            }
            if (ss == 3) {
                b.writeBytes(new byte[] {0x02, 0x04, 0x01, (byte) 0x9C, 0x01, 0x02, 0x03});
            }
        }
        byte[] descriptor = b.toByteArray();
        byte[] packet = new byte[descriptor.length + 1];
        System.arraycopy(descriptor, 0, packet, 0, descriptor.length);
        packet[descriptor.length] = (byte) 0x9d;

        ByteBuf buf = Unpooled.wrappedBuffer(new byte[7], packet);   // at a non-zero index
        assertTrue(d.parse(buf, 7, buf.writerIndex()), name);
        assertEquals(descriptor.length, d.length(), name);
        assertEquals(pid == 0 ? -1 : pid == 1 ? 0x5A : 0x7ABC, d.pictureId(), name);
        assertEquals(p, d.interPicturePredicted(), name);
        assertEquals(flexible, d.flexibleMode(), name);
        assertTrue(d.startOfFrame() && d.endOfFrame(), name);
        assertEquals(layers ? 3 : 0, d.temporalId(), name);
        assertEquals(layers ? 5 : 0, d.spatialId(), name);
        assertEquals(layers, d.interLayerDependency(), name);
        assertFalse(d.switchingUpPoint(), name);
        assertEquals(layers && !flexible ? 0xEE : -1, d.tl0PicIdx(), name);
        assertEquals(!p && !layers, d.isKeyframe(), name);
        assertEquals(ss > 0 ? 2 : 0, d.spatialLayerCount(), name);
        assertEquals(ss >= 2 ? 160 : -1, d.width(0), name);
        assertEquals(ss >= 2 ? 90 : -1, d.height(0), name);
        assertEquals(ss >= 2 ? 320 : -1, d.width(1), name);
        assertEquals(ss >= 2 ? 180 : -1, d.height(1), name);

        for (int length = 0; length < descriptor.length; length++) {
            assertFalse(d.parse(buf, 7, 7 + length), name + " cut to " + length);
            assertEquals(-1, d.length());
            assertFalse(d.isKeyframe());
            assertFalse(d.startOfFrame());
            assertFalse(d.hasScalabilityStructure());
        }
    }

    private boolean parse(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return d.parse(Unpooled.wrappedBuffer(b), 0, b.length);
    }
}
