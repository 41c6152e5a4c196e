package io.parley.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.List;

import io.netty.buffer.Unpooled;
import io.parley.core.rtp.RtpPacket;
import org.junit.jupiter.api.Test;

/** What VP8, VP9 and AV1 packets say about their frames, as forwarding reads it. */
class FrameInfoTest {
    private static final int DD_ID = 12;
    /** The dependency descriptor of a keyframe's first packet, with a Chrome L3T3 structure. */
    private static final byte[] L3T3_KEYFRAME = hex("c1017280081485214eafffaaaa863cf0430c10c302afc0aaa0063c00430010c0"
            + "02a000a80006000040001d954926e082b04a0941b820ac1282503157f974000ca864330e222222eca8655304224230"
            + "eca877530077004200ef008601df010d");

    @Test
    void vp8TemporalLayerSyncAndKeyframeSize() {
        FrameInfo vp8 = new FrameInfo(VideoCodec.VP8, 1);
        // X; T; TID 2 with Y; then a delta frame's payload header.
        vp8.read(packet(new byte[0], (byte) 0x90, 0x20, (byte) 0xA0, 0x01), 0, 0);
        assertEquals(2, vp8.temporalId());
        assertEquals(List.of(2, 2), List.of(vp8.switchLow(), vp8.switchHigh()), "a sync frame of layer 2: up to 2");
        assertTrue(vp8.startsFrame());
        assertFalse(vp8.keyframe());
        // A keyframe: frame tag, start code, 640x360.
        vp8.read(packet(new byte[0], 0x10, 0x00, 0, 0, (byte) 0x9d, 0x01, 0x2a, (byte) 0x80, 0x02, 0x68, 0x01), 0, 0);
        assertTrue(vp8.keyframe());
        assertEquals(360, vp8.height());
        assertTrue(vp8.codec().numbersPictures());
        assertFalse(vp8.pictures().any(), "no X: no picture numbers");
    }

    @Test
    void vp9KeyframeSizeFromItsScalabilityStructure() {
        FrameInfo vp9 = new FrameInfo(VideoCodec.VP9, 1);
        // RFC 9628 §4.2: I, L, B, V; 15-bit PictureID; TID 0 SID 0; TL0PICIDX; SS: one layer, 640x360.
        vp9.read(packet(new byte[0], (byte) 0xAA, (byte) 0x81, 0x02, 0x00, 0x05, 0x10, 0x02, (byte) 0x80, 0x01, 0x68,
                0x00), 0, 0);
        assertTrue(vp9.keyframe());
        assertEquals(360, vp9.height());
        assertEquals(0, vp9.temporalId());
        // Inter-predicted, TID 2 with U: a switching-up point of the upper temporal layer.
        vp9.read(packet(new byte[0], (byte) 0xE8, (byte) 0x81, 0x03, 0x50, 0x05, 0x00), 0, 0);
        assertFalse(vp9.keyframe());
        assertEquals(2, vp9.temporalId());
        assertEquals(List.of(2, 2), List.of(vp9.switchLow(), vp9.switchHigh()));
        assertTrue(vp9.startsFrame());
        assertTrue(vp9.codec().numbersPictures());
        assertEquals(List.of(0x0103, 5), List.of(vp9.pictures().pictureId(), vp9.pictures().tl0PicIdx()),
                "the picture numbers as read for the rewriting");
    }

    @Test
    void av1KeyframesFromTheNewSequenceBitAndLayersFromTheDependencyDescriptor() {
        FrameInfo av1 = new FrameInfo(VideoCodec.AV1, 1);
        // A keyframe's first packet (aggregation header N) with its structure.
        av1.read(packet(L3T3_KEYFRAME, 0x18, 0x00), 0, DD_ID);
        assertTrue(av1.keyframe());
        assertEquals(270, av1.height(), "the top spatial layer's height from the structure");
        assertEquals(0, av1.temporalId());
        assertEquals(List.of(1, 2), List.of(av1.switchLow(), av1.switchHigh()),
                "a keyframe is a switch point for every temporal layer of its spatial layer");
        av1.read(packet(hex("c3017540fc"), 0x10, 0x00), 0, DD_ID);
        assertFalse(av1.keyframe());
        assertEquals(2, av1.temporalId());
        assertTrue(av1.startsFrame());
        assertTrue(av1.switchHigh() < av1.switchLow(), "an upper layer frame is no switch point");
        av1.read(packet(hex("86017340fc"), 0x10, 0x00), 0, DD_ID);
        assertFalse(av1.startsFrame(), "a picture starts with its lowest spatial layer's frame");
        // Without the descriptor negotiated: keyframes still known, every frame a base frame.
        av1.read(packet(new byte[0], 0x18, 0x00), 0, 0);
        assertTrue(av1.keyframe());
        assertEquals(0, av1.temporalId());
        assertTrue(av1.codec().knowsKeyframes());
    }

    @Test
    void eachAv1StreamKeepsItsOwnDependencyStructure() {
        FrameInfo av1 = new FrameInfo(VideoCodec.AV1, 2);
        av1.read(packet(L3T3_KEYFRAME, 0x18, 0x00), 0, DD_ID);
        av1.read(packet(hex("c3017540fc"), 0x10, 0x00), 1, DD_ID);
        assertEquals(0, av1.temporalId(), "stream 1 has seen no structure: its frames cannot be told apart");
        av1.read(packet(hex("c3017540fc"), 0x10, 0x00), 0, DD_ID);
        assertEquals(2, av1.temporalId());
    }

    @Test
    void otherFormatsAreBaseLayerFramesThatEachStartAFrame() {
        FrameInfo opus = new FrameInfo(VideoCodec.OTHER, 1);
        opus.read(packet(new byte[0], 1, 2, 3), 0, 0);
        assertEquals(0, opus.temporalId());
        assertTrue(opus.startsFrame());
        assertFalse(opus.keyframe());
        assertFalse(opus.codec().knowsKeyframes());
        // A format read blindly: not even a VP8 keyframe's bytes make a keyframe or a size.
        opus.read(packet(new byte[0], 0x10, 0x50, 0x2A, 0x01, 0x9d, 0x01, 0x2a, 0x80, 0x42, 0x68, 0x81), 0, 0);
        assertFalse(opus.keyframe());
        assertEquals(-1, opus.height());
        opus.read(packet(new byte[0], 0x10, 0x00), 0, 0);
        assertFalse(opus.keyframe());
    }

    /** An RTP packet with {@code extension} (if any) as two-byte header extension DD_ID (RFC 8285 §4.3). */
    private static RtpPacket packet(byte[] extension, int... payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) (extension.length > 0 ? 0x90 : 0x80), 96, 0, 1, 0, 0, 0, 1, 0, 0, 0, 7});
        if (extension.length > 0) {
            int words = (2 + extension.length + 3) / 4;
            out.writeBytes(new byte[] {0x10, 0x00, (byte) (words >> 8), (byte) words, DD_ID, (byte) extension.length});
            out.writeBytes(extension);
            out.writeBytes(new byte[words * 4 - 2 - extension.length]);
        }
        for (int b : payload) {
            out.write(b);
        }
        RtpPacket p = new RtpPacket();
        assertTrue(p.wrap(Unpooled.wrappedBuffer(out.toByteArray())));
        return p;
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}
