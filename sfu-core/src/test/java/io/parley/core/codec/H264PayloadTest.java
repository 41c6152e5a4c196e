package io.parley.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** H.264 keyframes and sizes as RFC 6184 packs them: single NAL units, STAP-A, FU-A. */
class H264PayloadTest {
    /** Where the payload starts in the test buffers: the reader must honour {@code at}. */
    private static final int AT = 12;

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
    void h264SpsIsFoundInsideAStapA() {
        byte[] sps = H264SpsTest.baselineSps(640, 360).bytes();
        byte[] pps = {0x68, (byte) 0xCE, 0x3C, (byte) 0x80};
        ByteArrayOutputStream stap = new ByteArrayOutputStream();
        stap.write(0x78);
        unit(stap, pps);
        unit(stap, sps);
        byte[] payload = stap.toByteArray();
        H264Payload p = parse(payload);
        assertEquals(640, p.width());
        assertEquals(360, p.height());
        payload[1 + 2 + pps.length + 1] += 1;                 // the SPS's size now runs past the payload
        assertEquals(-1, parse(payload).height());
        assertEquals(-1, parse(0x78, 0x00, 0x04, 0x68, 0xCE, 0x3C, 0x80).height(), "PPS only");
        assertEquals(-1, parse(0x65, 0x88, 0x80).height(), "IDR slice, no SPS");
        assertEquals(-1, parse(0x7C, 0x87, 0x42).height(), "SPS fragment");
        assertEquals(-1, parse().height(), "empty payload");
    }

    @Test
    void oneReadOfAStapAGivesTheKeyframeAndTheSizeOfASpsAfterTheIdr() {
        byte[] sps = H264SpsTest.baselineSps(320, 180).bytes();
        ByteArrayOutputStream stap = new ByteArrayOutputStream();
        stap.write(0x78);
        unit(stap, new byte[] {0x65, (byte) 0x88, (byte) 0x80});
        unit(stap, sps);
        H264Payload p = parse(stap.toByteArray());
        assertTrue(p.keyframe());
        assertEquals(320, p.width());
        assertEquals(180, p.height());
        // An IDR unit whose size runs past the payload still makes a keyframe; nothing after it is read.
        p = parse(0x78, 0x00, 0x09, 0x65, 0x88);
        assertTrue(p.keyframe());
        assertEquals(-1, p.width());
    }

    private static boolean h264(int... payload) {
        return parse(payload).keyframe();
    }

    private static H264Payload parse(int... payload) {
        return parse(TestBytes.of(payload));
    }

    /** The payload behind bytes that would read as an SPS unit header. */
    private static H264Payload parse(byte[] payload) {
        ByteBuf buf = Unpooled.buffer(AT + payload.length);
        for (int i = 0; i < AT; i++) {
            buf.writeByte(0x67);
        }
        buf.writeBytes(payload);
        H264Payload p = new H264Payload();
        p.parse(buf, AT, AT + payload.length);
        return p;
    }

    private static void unit(ByteArrayOutputStream stap, byte[] nal) {
        stap.write(nal.length >> 8);
        stap.write(nal.length);
        stap.writeBytes(nal);
    }
}
