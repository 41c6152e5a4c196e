package io.parley.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/**
 * RFC 7741 §4.2 payload descriptors, read where an SFU needs them: frame starts, TID, Y, PictureID;
 * and keyframes with their size (§4.3, RFC 6386 §9.1).
 */
class Vp8PayloadTest {
    /** Where the descriptor starts in the test buffers: readers must honour {@code at}, not index 0. */
    private static final int AT = 3;

    /** X, S, partition 0; I L T K; 15-bit PictureID 0x0102; TL0PICIDX 7; TID 2, Y, KEYIDX 5; a payload byte. */
    private static final byte[] FULL = {(byte) 0x90, (byte) 0xF0, (byte) 0x81, 0x02, 0x07, (byte) 0xA5, 0x01};
    /** I with a 7-bit PictureID 5, L, T with TID 1 and Y clear. */
    private static final byte[] SHORT_ID_L_T = {(byte) 0x90, (byte) 0xE0, 0x05, 0x07, 0x40, 0x01};
    /** I with a 15-bit PictureID only. */
    private static final byte[] LONG_ID = {(byte) 0x90, (byte) 0x80, (byte) 0x92, 0x34, 0x01};
    /** L and T, no PictureID: TID 1. */
    private static final byte[] L_T = {(byte) 0x90, 0x60, 0x07, 0x40, 0x01};
    /** T only: TID 3, Y set. */
    private static final byte[] T_ONLY = {(byte) 0x90, 0x20, (byte) 0xE0, 0x01};
    /** K only: the TID/Y/KEYIDX byte is there, but its TID and Y bits carry nothing (RFC 7741 §4.2). */
    private static final byte[] K_ONLY = {(byte) 0x90, 0x10, (byte) 0xE0, 0x01};

    @Test
    void aDescriptorWithoutExtensionsStartsAFrameAtTheBaseLayer() {
        byte[] d = {0x10, 0x01};
        assertTrue(parse(buf(d), AT, AT + d.length).startsFrame());
        assertEquals(0, parse(buf(d), AT, AT + d.length).temporalId());
        assertFalse(parse(buf(d), AT, AT + d.length).layerSync());
        assertEquals(-1, parse(buf(d), AT, AT + d.length).pictureId());
    }

    @Test
    void onlyTheStartOfPartitionZeroStartsAFrame() {
        assertTrue(startsFrame(new byte[] {0x30, 0x01}), "N (non-reference) does not matter");
        assertTrue(startsFrame(FULL));
        assertFalse(startsFrame(new byte[] {0x00, 0x01}), "S clear: a continuation");
        assertFalse(startsFrame(new byte[] {0x12, 0x01}), "S set on partition 2: not the frame's first packet");
        assertFalse(startsFrame(new byte[] {(byte) 0x80, (byte) 0xA0, 0x05, (byte) 0x80, 0x01}),
                "X with S clear");
    }

    @Test
    void extensionsAreReadWhicheverAreThere() {
        assertEquals(List.of(0x0102, 2, true), read(FULL));
        assertEquals(List.of(5, 1, false), read(SHORT_ID_L_T));
        assertEquals(List.of(0x1234, 0, false), read(LONG_ID));
        assertEquals(List.of(-1, 1, false), read(L_T));
        assertEquals(List.of(-1, 3, true), read(T_ONLY));
        assertEquals(List.of(-1, 0, false), read(new byte[] {(byte) 0x90, 0x00, 0x01}), "X with no I L T K");
        assertEquals(List.of(0x7FFF, 0, false), read(new byte[] {(byte) 0x90, (byte) 0x80, (byte) 0xFF, (byte) 0xFF, 0x01}),
                "M is not part of the 15-bit PictureID");
        assertEquals(List.of(0x7F, 0, false), read(new byte[] {(byte) 0x90, (byte) 0x80, 0x7F, 0x01}));
    }

    @Test
    void kWithoutTMeansTheBaseLayerWhateverTheTidBitsSay() {
        assertEquals(List.of(-1, 0, false), read(K_ONLY));
        byte[] idAndK = {(byte) 0x90, (byte) 0xD0, (byte) 0x80, 0x09, 0x03, (byte) 0xE5, 0x01};
        assertEquals(List.of(9, 0, false), read(idAndK), "behind I and L too");
    }

    @Test
    void aDescriptorEndingRightAfterItsFieldsIsComplete() {
        // The bytes past the descriptor are the VP8 payload; an empty one is no reason to refuse
        // what the descriptor says.
        assertEquals(List.of(0x0102, 2, true), read(FULL, FULL.length - 1));
        assertEquals(List.of(-1, 3, true), read(T_ONLY, T_ONLY.length - 1));
    }

    @Test
    void truncatedDescriptorsHaveNoTemporalLayerAndNeverThrow() {
        for (byte[] d : List.of(FULL, SHORT_ID_L_T, LONG_ID, L_T, T_ONLY, K_ONLY)) {
            int descriptorLength = d.length - 1;
            for (int len = 0; len < descriptorLength; len++) {
                // The whole descriptor is in the buffer: reading past end would find valid values.
                assertEquals(-1, parse(buf(d), AT, AT + len).temporalId(), hex(d) + " cut to " + len);
                assertFalse(parse(buf(d), AT, AT + len).layerSync(), hex(d) + " cut to " + len);
            }
        }
    }

    @Test
    void truncatedDescriptorsHaveNoPictureId() {
        for (byte[] d : List.of(FULL, SHORT_ID_L_T, LONG_ID)) {
            int descriptorLength = d.length - 1;
            for (int len = 0; len < descriptorLength; len++) {
                assertEquals(-1, parse(buf(d), AT, AT + len).pictureId(), hex(d) + " cut to " + len);
            }
        }
    }

    @Test
    void truncatedDescriptorsStartNoFrame() {
        // The javadoc: "A malformed or empty payload does not" start a frame.
        for (byte[] d : List.of(FULL, SHORT_ID_L_T, LONG_ID, L_T, T_ONLY, K_ONLY)) {
            int descriptorLength = d.length - 1;
            for (int len = 0; len < descriptorLength; len++) {
                assertFalse(parse(buf(d), AT, AT + len).startsFrame(), hex(d) + " cut to " + len);
            }
        }
    }

    @Test
    void anEmptyPayloadHasNothing() {
        ByteBuf empty = Unpooled.buffer(0);
        assertFalse(parse(empty, 0, 0).startsFrame());
        assertEquals(-1, parse(empty, 0, 0).temporalId());
        assertFalse(parse(empty, 0, 0).layerSync());
        assertEquals(-1, parse(empty, 0, 0).pictureId());
    }

    @Test
    void vp8KeyframeIsTheStartOfPartitionZeroWithTheInverseKeyFlagClear() {
        assertTrue(vp8(0x10, 0x00, 0x9d), "minimal descriptor, keyframe");
        assertFalse(vp8(0x10, 0x01, 0x00), "interframe");
        assertFalse(vp8(0x00, 0x00, 0x9d), "not the start of a partition: the byte is mid-frame data");
        assertFalse(vp8(0x11, 0x00, 0x9d), "start of partition 1");
        // Chrome's descriptor: X, then I with a 15-bit PictureID, L with TL0PICIDX, T/K byte.
        assertTrue(vp8(0x90, 0xE0, 0x80 | 0x12, 0x34, 0x07, 0x20, 0x50));
        assertFalse(vp8(0x90, 0xE0, 0x80 | 0x12, 0x34, 0x07, 0x20, 0x51));
        assertTrue(vp8(0x90, 0x80, 0x05, 0x00), "7-bit PictureID");
        assertFalse(vp8(0x90, 0xE0, 0x80), "truncated descriptor");
        assertFalse(vp8(), "empty payload");
    }

    @Test
    void vp8KeyframesAnnounceTheirSizeBelowTheScalingBits() {
        // Descriptor 0x10, frame tag (keyframe), start code, width 640 | scale 1, height 360 | scale 2.
        Vp8Payload key = payload(0x10, 0x50, 0x2A, 0x01, 0x9d, 0x01, 0x2a, 0x80, 0x42, 0x68, 0x81);
        assertEquals(640, key.width());
        assertEquals(360, key.height());
        Vp8Payload badStartCode = payload(0x10, 0x50, 0x2A, 0x01, 0x9d, 0x01, 0x2b, 0x80, 0x02, 0x68, 0x01);
        assertEquals(-1, badStartCode.height());
        Vp8Payload truncated = payload(0x10, 0x50, 0x2A, 0x01, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0x68);
        assertEquals(-1, truncated.width());
        Vp8Payload interframe = payload(0x10, 0x51, 0x2A, 0x01, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0x68, 0x01);
        assertEquals(-1, interframe.height());
    }

    @Test
    void picturesSayWhereThePictureIdAndTl0PicIdxAreForRewriting() {
        PictureFields full = parse(buf(FULL), AT, AT + FULL.length).pictures();
        assertEquals(0x0102, full.pictureId());
        assertEquals(0x7FFF, full.pictureIdMask());
        assertEquals(7, full.tl0PicIdx());
        ByteBuf copy = Unpooled.wrappedBuffer(FULL.clone());
        full.writePictureId(copy, 0, 0x1234);
        full.writeTl0PicIdx(copy, 0, 9);
        assertEquals(0x9234, copy.getUnsignedShort(2), "M kept");
        assertEquals(9, copy.getUnsignedByte(4));
        assertEquals(0xA5, copy.getUnsignedByte(5), "the TID byte is left alone");

        PictureFields shortId = parse(buf(SHORT_ID_L_T), AT, AT + SHORT_ID_L_T.length).pictures();
        assertEquals(List.of(5, 0x7F, 7), List.of(shortId.pictureId(), shortId.pictureIdMask(), shortId.tl0PicIdx()));
        PictureFields tl0Only = parse(buf(L_T), AT, AT + L_T.length).pictures();
        assertEquals(List.of(-1, 7), List.of(tl0Only.pictureId(), tl0Only.tl0PicIdx()));
        assertFalse(parse(buf(T_ONLY), AT, AT + T_ONLY.length).pictures().any());
        assertFalse(parse(buf(FULL), AT, AT + 4).pictures().any(), "a truncated descriptor has none");
    }

    private static boolean vp8(int... payload) {
        return payload(payload).keyframe();
    }

    private static Vp8Payload payload(int... payload) {
        return parse(buf(TestBytes.of(payload)), AT, AT + payload.length);
    }

    /** PictureID, TID and Y of a descriptor followed by its payload byte. */
    private static List<Object> read(byte[] d) {
        return read(d, d.length);
    }

    private static List<Object> read(byte[] d, int len) {
        ByteBuf b = buf(d);
        return List.of(parse(b, AT, AT + len).pictureId(), parse(b, AT, AT + len).temporalId(),
                parse(b, AT, AT + len).layerSync());
    }

    private static boolean startsFrame(byte[] d) {
        return parse(buf(d), AT, AT + d.length).startsFrame();
    }

    private static Vp8Payload parse(ByteBuf b, int at, int end) {
        Vp8Payload payload = new Vp8Payload();
        payload.parse(b, at, end);
        return payload;
    }

    /** The descriptor at {@link #AT}, after bytes that would read as every flag set. */
    private static ByteBuf buf(byte[] d) {
        ByteBuf b = Unpooled.buffer(AT + d.length);
        for (int i = 0; i < AT; i++) {
            b.writeByte(0xFF);
        }
        return b.writeBytes(d);
    }

    private static String hex(byte[] d) {
        StringBuilder s = new StringBuilder();
        for (byte x : d) {
            s.append(String.format("%02x", x & 0xFF));
        }
        return s.toString();
    }
}
