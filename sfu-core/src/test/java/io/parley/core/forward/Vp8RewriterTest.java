package io.parley.core.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class Vp8RewriterTest {
    private final Vp8Rewriter rewriter = new Vp8Rewriter();

    @Test
    void pictureIdsAndTl0PicIdxContinueAcrossALayerSwitch() {
        assertEquals(100, rewriter.rewrite(descriptor(100, 7), 0, 6));
        ByteBuf second = descriptor(101, 8);
        assertEquals(101, rewriter.rewrite(second, 0, 6), "untouched before any switch");
        int before = rewriter.deltas();

        rewriter.switchSource();
        ByteBuf switched = descriptor(30000, 200);
        assertEquals(102, rewriter.rewrite(switched, 0, 6), "the new layer continues the numbering");
        assertEquals(9, switched.getUnsignedByte(4), "and so does TL0PICIDX");
        assertEquals(0x80, switched.getUnsignedByte(2) & 0x80, "still a 15-bit PictureID");
        ByteBuf next = descriptor(30001, 200);
        assertEquals(103, rewriter.rewrite(next, 0, 6));

        ByteBuf resent = descriptor(101, 8);
        Vp8Rewriter.apply(resent, 0, 6, before);
        assertEquals(101, resent.getUnsignedShort(2) & 0x7FFF, "a retransmission keeps the numbers it first had");
        assertEquals(104, rewriter.rewrite(descriptor(30002, 201), 0, 6), "and does not disturb the live state");
    }

    @Test
    void sevenBitIdsWrapAndPacketsWithoutIdsAreLeftAlone() {
        rewriter.rewrite(shortDescriptor(127), 0, 4);
        rewriter.switchSource();
        ByteBuf b = shortDescriptor(5);
        assertEquals(0, rewriter.rewrite(b, 0, 4), "127 + 1 wraps to 0 in 7 bits");
        ByteBuf plain = Unpooled.wrappedBuffer(new byte[] {0x10, 0x00});
        assertEquals(-1, rewriter.rewrite(plain, 0, 2));
        assertEquals(-1, rewriter.rewrite(Unpooled.wrappedBuffer(new byte[] {(byte) 0x90, (byte) 0x80}), 0, 2),
                "a truncated descriptor is not touched");
    }

    /** RFC 7741 §4.2: X, S; then I and L; a 15-bit PictureID (M set); TL0PICIDX; then a payload byte. */
    private static ByteBuf descriptor(int pictureId, int tl0) {
        return Unpooled.wrappedBuffer(new byte[] {(byte) 0x90, (byte) 0xC0, (byte) (0x80 | pictureId >> 8),
                (byte) pictureId, (byte) tl0, 0x00});
    }

    private static ByteBuf shortDescriptor(int pictureId) {
        return Unpooled.wrappedBuffer(new byte[] {(byte) 0x90, (byte) 0x80, (byte) pictureId, 0x00});
    }
}
