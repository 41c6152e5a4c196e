package io.parley.core.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class RtpPacketTest {
    private final RtpPacket view = new RtpPacket();

    /** A Chrome-like Opus packet: X bit, 0xBEDE block with audio level (id 1) and mid "0" (id 4). */
    private static final byte[] CHROME_AUDIO = bytes(
            0x90, 0x6F, 0x12, 0x34, 0x00, 0x00, 0x03, 0xC0, 0x11, 0x22, 0x33, 0x44,
            0xBE, 0xDE, 0x00, 0x02,
            0x10, 0xAA, 0x00, 0x40, 0x30, 0x00, 0x00, 0x00,
            0x01, 0x02, 0x03);

    @Test
    void readsTheFixedHeaderAndOneByteExtensions() {
        ByteBuf buf = Unpooled.wrappedBuffer(CHROME_AUDIO);
        assertTrue(view.wrap(buf));
        assertEquals(2, view.version());
        assertEquals(111, view.payloadType());
        assertFalse(view.marker());
        assertEquals(0x1234, view.sequenceNumber());
        assertEquals(960, view.timestamp());
        assertEquals(0x11223344L, view.ssrc());
        assertEquals(24, view.headerLength());
        assertEquals(3, view.payloadLength());
        assertEquals(1, view.extensionLength(1));
        assertEquals(0xAA, buf.getUnsignedByte(view.extensionOffset(1)));
        assertEquals("0", view.extensionAsString(4), "found after a padding byte");
        assertTrue(view.extensionEquals(4, "0".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(-1, view.extensionOffset(5));
    }

    @Test
    void oneByteParsingStopsAtId15() {
        byte[] p = bytes(0x90, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1,
                0xBE, 0xDE, 0x00, 0x01, 0xF0, 0x20, 0x41, 0x00);
        assertTrue(view.wrap(Unpooled.wrappedBuffer(p)));
        assertEquals(-1, view.extensionOffset(2), "RFC 8285 §4.2: id 15 ends processing");
    }

    @Test
    void readsTwoByteExtensions() {
        byte[] p = bytes(0x90, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1,
                0x10, 0x00, 0x00, 0x02, 0x00, 0x07, 0x03, 0x61, 0x62, 0x63, 0x00, 0x00, 0xEE);
        assertTrue(view.wrap(Unpooled.wrappedBuffer(p)));
        assertEquals("abc", view.extensionAsString(7));
        assertEquals(1, view.payloadLength());
    }

    @Test
    void handlesPaddingAndCsrcs() {
        byte[] p = bytes(0xA1, 0xE0, 0, 9, 0, 0, 0, 1, 0, 0, 0, 2, 0xC0, 0xC1, 0xC2, 0xC3,
                0x55, 0x66, 0x00, 0x00, 0x03);
        assertTrue(view.wrap(Unpooled.wrappedBuffer(p)));
        assertEquals(1, view.csrcCount());
        assertTrue(view.marker());
        assertEquals(96, view.payloadType());
        assertEquals(16, view.headerLength());
        assertEquals(3, view.paddingLength());
        assertEquals(2, view.payloadLength());
    }

    @Test
    void rejectsMalformedPackets() {
        assertFalse(view.wrap(Unpooled.wrappedBuffer(new byte[11])), "shorter than the fixed header");
        assertFalse(view.wrap(Unpooled.wrappedBuffer(bytes(0x40, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1))), "version 1");
        assertFalse(view.wrap(Unpooled.wrappedBuffer(bytes(0x82, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0))),
                "CSRC list past the end");
        assertFalse(view.wrap(Unpooled.wrappedBuffer(bytes(0x90, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1,
                0xBE, 0xDE, 0x00, 0x05, 0, 0, 0, 0))), "extension past the end");
        assertFalse(view.wrap(Unpooled.wrappedBuffer(bytes(0xA0, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0x01, 0x09))),
                "padding longer than the packet");
        assertFalse(view.wrap(Unpooled.wrappedBuffer(bytes(0xA0, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0x01, 0x00))),
                "zero padding count");
    }

    @Test
    void patchesFieldsInPlace() {
        ByteBuf buf = Unpooled.wrappedBuffer(CHROME_AUDIO.clone());
        assertTrue(view.wrap(buf));
        view.setSequenceNumber(0xFFFF);
        view.setTimestamp(0xFFFFFFFFL);
        view.setSsrc(0xCAFEBABEL);
        view.setPayloadType(100);
        view.setMarker(true);
        assertTrue(view.wrap(buf));
        assertEquals(0xFFFF, view.sequenceNumber());
        assertEquals(0xFFFFFFFFL, view.timestamp());
        assertEquals(0xCAFEBABEL, view.ssrc());
        assertEquals(100, view.payloadType());
        assertTrue(view.marker());
    }

    @Test
    void writerBuildsAHeaderTheViewReadsBack() {
        ByteBuf out = Unpooled.buffer();
        RtpHeaderWriter.writeFixedHeader(out, false, true, 109, 65535, 0xFFFFFFF0L, 42);
        int block = RtpHeaderWriter.beginExtensions(out, false);
        RtpHeaderWriter.addExtension(out, false, 3, "12".getBytes(StandardCharsets.US_ASCII));
        RtpHeaderWriter.addExtension(out, false, 1, Unpooled.wrappedBuffer(new byte[] {(byte) 0x85}), 0, 1);
        RtpHeaderWriter.endExtensions(out, 0, block);
        out.writeBytes(new byte[] {9, 8, 7});
        assertTrue(view.wrap(out));
        assertEquals(109, view.payloadType());
        assertEquals(65535, view.sequenceNumber());
        assertEquals(0xFFFFFFF0L, view.timestamp());
        assertEquals(42, view.ssrc());
        assertEquals("12", view.extensionAsString(3));
        assertEquals(0x85, out.getUnsignedByte(view.extensionOffset(1)));
        assertEquals(3, view.payloadLength());
        assertEquals(0, (view.headerLength() - 12) % 4);
    }

    @Test
    void anEmptyExtensionBlockIsRemoved() {
        ByteBuf out = Unpooled.buffer();
        RtpHeaderWriter.writeFixedHeader(out, false, false, 96, 1, 1, 1);
        int block = RtpHeaderWriter.beginExtensions(out, false);
        RtpHeaderWriter.endExtensions(out, 0, block);
        assertEquals(12, out.readableBytes());
        assertEquals(0x80, out.getUnsignedByte(0));
    }

    /** RFC 8285 §4.3: ids past 14 and elements past 16 bytes, read back by the view. */
    @Test
    void theTwoByteFormCarriesLongElementsAndHighIds() {
        ByteBuf out = Unpooled.buffer();
        RtpHeaderWriter.writeFixedHeader(out, false, false, 45, 7, 90000, 42);
        byte[] descriptor = new byte[73];
        descriptor[72] = 9;
        int block = RtpHeaderWriter.beginExtensions(out, true);
        RtpHeaderWriter.addShortExtension(out, true, 200, 0xBEEF);
        RtpHeaderWriter.addExtension(out, true, 12, descriptor);
        RtpHeaderWriter.endExtensions(out, 0, block);
        out.writeBytes(new byte[] {1, 2});
        assertTrue(view.wrap(out));
        assertEquals(0xBEEF, out.getUnsignedShort(view.extensionOffset(200)));
        assertEquals(73, view.extensionLength(12));
        assertEquals(9, out.getByte(view.extensionOffset(12) + 72));
        assertEquals(2, view.payloadLength());
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
