package io.parley.core.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** The version and padding checks RTP (RFC 3550 §5.1) and RTCP (§6.4.1) share. */
class CommonHeaderTest {
    @Test
    void onlyVersionTwoIsTaken() {
        ByteBuf b = Unpooled.wrappedBuffer(new byte[] {0x00, (byte) 0x80, 0x40, (byte) 0xC0, (byte) 0xBF});
        assertFalse(CommonHeader.isVersion2(b, 0));
        assertTrue(CommonHeader.isVersion2(b, 1));
        assertFalse(CommonHeader.isVersion2(b, 2));
        assertFalse(CommonHeader.isVersion2(b, 3));
        assertTrue(CommonHeader.isVersion2(b, 4), "whatever the other bits say");
    }

    @Test
    void theLastOctetCountsThePaddingItselfIncludedWithinWhatFollowsTheHeader() {
        assertEquals(0, padding(0x80, 4, 3), "no P bit: the last octet is data");
        assertEquals(3, padding(0xA0, 4, 3));
        assertEquals(4, padding(0xA0, 4, 4), "everything after the header");
        assertEquals(-1, padding(0xA0, 4, 5), "into the header");
        assertEquals(-1, padding(0xA0, 4, 0), "a count of 0 is no padding");
    }

    /** An 8-octet packet at offset 2 whose first octet is {@code b0} and last {@code last}. */
    private static int padding(int b0, int headerLength, int last) {
        ByteBuf b = Unpooled.buffer(12).writeZero(2).writeByte(b0).writeZero(6).writeByte(last).writeZero(2);
        return CommonHeader.paddingLength(b, 2, 8, headerLength);
    }
}
