package io.parley.core.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class RtcpPacketTest {
    private final RtcpPacket rtcp = new RtcpPacket();

    @Test
    void iteratesACompoundSenderReportWithSdes() {
        byte[] sr = bytes(0x80, 200, 0x00, 0x06, 0x11, 0x11, 0x11, 0x11,
                0xE0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x03, 0xC0, 0, 0, 0, 10, 0, 0, 0x10, 0);
        byte[] sdes = bytes(0x81, 202, 0x00, 0x03, 0x11, 0x11, 0x11, 0x11, 0x01, 0x02, 0x61, 0x62, 0, 0, 0, 0);
        assertTrue(rtcp.wrap(Unpooled.wrappedBuffer(sr, sdes)));
        assertTrue(rtcp.next());
        assertEquals(RtcpPacket.SR, rtcp.packetType());
        assertEquals(28, rtcp.length());
        assertEquals(0x11111111L, rtcp.senderSsrc());
        assertTrue(rtcp.next());
        assertEquals(RtcpPacket.SDES, rtcp.packetType());
        assertEquals(1, rtcp.countOrFormat());
        assertFalse(rtcp.next());
        assertNull(rtcp.dropReason());
    }

    @Test
    void readsAReducedSizePliAndRewritesItsMediaSsrc() {
        ByteBuf out = Unpooled.buffer();
        Pli.write(out, 0xAAAAAAAAL, 0xBBBBBBBBL);
        assertEquals(Pli.LENGTH, out.readableBytes());
        assertTrue(rtcp.wrap(out));
        assertTrue(rtcp.next());
        assertEquals(RtcpPacket.PSFB, rtcp.packetType());
        assertEquals(Pli.FORMAT, rtcp.countOrFormat());
        assertEquals(0xAAAAAAAAL, rtcp.senderSsrc());
        assertEquals(0xBBBBBBBBL, rtcp.mediaSsrc());
        rtcp.setMediaSsrc(0x12345678L);
        assertEquals(0x12345678L, out.getUnsignedInt(8));
    }

    @Test
    void readsFirEntries() {
        ByteBuf out = Unpooled.buffer();
        Fir.write(out, 1, 0xDEADBEEFL, 7);
        assertTrue(rtcp.wrap(out));
        assertTrue(rtcp.next());
        assertEquals(Fir.FORMAT, rtcp.countOrFormat());
        assertEquals(1, Fir.entryCount(rtcp));
        assertEquals(0xDEADBEEFL, Fir.ssrc(rtcp, 0));
        assertEquals(7, Fir.sequenceNumber(rtcp, 0));
    }

    @Test
    void stopsAtMalformedPacketsWithAReason() {
        assertFalse(rtcp.wrap(Unpooled.wrappedBuffer(bytes(0x80, 201))));
        assertEquals(RtcpDropReason.TRUNCATED, rtcp.dropReason());

        assertTrue(rtcp.wrap(Unpooled.wrappedBuffer(bytes(0x40, 201, 0, 1, 0, 0, 0, 1))));
        assertFalse(rtcp.next());
        assertEquals(RtcpDropReason.BAD_VERSION, rtcp.dropReason());

        assertTrue(rtcp.wrap(Unpooled.wrappedBuffer(bytes(0x80, 201, 0, 5, 0, 0, 0, 1))));
        assertFalse(rtcp.next());
        assertEquals(RtcpDropReason.BAD_LENGTH, rtcp.dropReason());

        byte[] paddedFirst = bytes(0xA0, 201, 0, 1, 0, 0, 0, 4, 0x80, 201, 0, 1, 0, 0, 0, 1);
        assertTrue(rtcp.wrap(Unpooled.wrappedBuffer(paddedFirst)));
        assertFalse(rtcp.next());
        assertEquals(RtcpDropReason.BAD_PADDING, rtcp.dropReason(), "RFC 3550 §6.4.1: only the last may pad");
    }

    @Test
    void skipsUnknownTypes() {
        byte[] unknown = bytes(0x80, 210, 0, 1, 0, 0, 0, 1, 0x81, 206, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2);
        assertTrue(rtcp.wrap(Unpooled.wrappedBuffer(unknown)));
        assertTrue(rtcp.next());
        assertEquals(210, rtcp.packetType());
        assertTrue(rtcp.next());
        assertEquals(RtcpPacket.PSFB, rtcp.packetType());
        assertFalse(rtcp.next());
        assertNull(rtcp.dropReason());
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
