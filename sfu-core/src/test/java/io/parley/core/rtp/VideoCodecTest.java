package io.parley.core.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class VideoCodecTest {
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
    void h264KeyframesAreIdrOrSpsInAnyPacketisationMode() {
        assertTrue(h264(0x65, 0x88), "single IDR NAL unit");
        assertTrue(h264(0x67, 0x42), "SPS");
        assertFalse(h264(0x41, 0x9a), "non-IDR slice");
        assertTrue(h264(0x78, 0x00, 0x02, 0x67, 0x42, 0x00, 0x02, 0x68, 0xce), "STAP-A with SPS and PPS");
        assertFalse(h264(0x78, 0x00, 0x02, 0x41, 0x9a), "STAP-A of slices");
        assertTrue(h264(0x7C, 0x85, 0x88), "FU-A start of an IDR");
        assertFalse(h264(0x7C, 0x05, 0x88), "FU-A continuation");
        assertFalse(h264(0x7C), "truncated FU-A");
    }

    @Test
    void namesMapCaseInsensitively() {
        assertEquals(VideoCodec.VP8, VideoCodec.of("vp8"));
        assertEquals(VideoCodec.H264, VideoCodec.of("H264"));
        assertEquals(VideoCodec.OTHER, VideoCodec.of("AV1"));
        assertFalse(VideoCodec.OTHER.isKeyframe(packet(0x10, 0x00)));
    }

    private static boolean vp8(int... payload) {
        return VideoCodec.VP8.isKeyframe(packet(payload));
    }

    private static boolean h264(int... payload) {
        return VideoCodec.H264.isKeyframe(packet(payload));
    }

    private static RtpPacket packet(int... payload) {
        byte[] b = new byte[12 + payload.length];
        b[0] = (byte) 0x80;
        b[1] = 96;
        for (int i = 0; i < payload.length; i++) {
            b[12 + i] = (byte) payload[i];
        }
        RtpPacket p = new RtpPacket();
        assertTrue(p.wrap(Unpooled.wrappedBuffer(b)));
        return p;
    }
}
