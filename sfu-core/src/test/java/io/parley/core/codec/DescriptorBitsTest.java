package io.parley.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** The f(n) and ns(n) reads of the dependency descriptor's syntax (AV1 RTP specification, A.8.2). */
class DescriptorBitsTest {
    private final DescriptorBits bits = new DescriptorBits();

    @Test
    void readsMostSignificantBitFirstAcrossOctetsAfterTheSkippedOnes() {
        // 1010 0101 0000 1111 after two octets skipped and one before the descriptor.
        ByteBuf buf = Unpooled.wrappedBuffer(new byte[] {(byte) 0xFF, 0x11, 0x22, (byte) 0xA5, 0x0F});
        bits.start(buf, 1, 4, 2);
        assertEquals(0b101, bits.f(3));
        assertEquals(0b0010100, bits.f(7));
        assertEquals(0b001111, bits.f(6));
        assertFalse(bits.overrun());
        assertEquals(0, bits.f(0), "f(0) reads nothing");
        assertFalse(bits.overrun());
    }

    @Test
    void readingPastTheEndGivesZerosAndSaysSo() {
        bits.start(Unpooled.wrappedBuffer(new byte[] {(byte) 0xFF, (byte) 0xFF}), 0, 1, 0);
        assertEquals(0x7F, bits.f(7));
        assertEquals(0, bits.f(2), "one bit left is not enough for two");
        assertTrue(bits.overrun());
        assertEquals(0, bits.f(1), "nothing more, though the buffer goes on");
        bits.start(Unpooled.wrappedBuffer(new byte[] {(byte) 0xFF}), 0, 1, 0);
        assertFalse(bits.overrun(), "a new start forgets the overrun");
    }

    @Test
    void nsReadsEveryValueItsWriterWrote() {
        for (int n = 1; n <= 33; n++) {
            BitWriter w = new BitWriter();
            for (int v = 0; v < n; v++) {
                w.ns(n, v);
            }
            byte[] b = w.u(1, 1).bytes();
            bits.start(Unpooled.wrappedBuffer(b), 0, b.length, 0);
            for (int v = 0; v < n; v++) {
                assertEquals(v, bits.ns(n), "ns(" + n + ")");
            }
            assertEquals(1, bits.f(1), "ns(" + n + ") read exactly its bits");
        }
    }

    @Test
    void nsOfFiveTakesTwoBitsForTheLowestThreeValuesAndThreeForTheRest() {
        // w = 3, m = 3: 0..2 as 00 01 10; 3 and 4 as 110 and 111.
        bits.start(Unpooled.wrappedBuffer(new byte[] {(byte) 0b10110111, 0}), 0, 2, 0);
        assertEquals(2, bits.ns(5));
        assertEquals(3, bits.ns(5));
        assertEquals(4, bits.ns(5));
        assertEquals(0, bits.ns(5));
    }
}
