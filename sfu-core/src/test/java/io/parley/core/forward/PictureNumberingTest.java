package io.parley.core.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.parley.core.codec.VideoCodec;
import org.junit.jupiter.api.Test;

class PictureNumberingTest {
    private final DescriptorNumbering rewriter = new DescriptorNumbering(VideoCodec.VP8);

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
        rewriter.apply(resent, 0, 6, before);
        assertEquals(101, resent.getUnsignedShort(2) & 0x7FFF, "a retransmission keeps the numbers it first had");
        assertEquals(104, rewriter.rewrite(descriptor(30002, 201), 0, 6), "and does not disturb the live state");
    }

    @Test
    void aPictureLostOnTheWayInKeepsItsGapWhenTheNextOneIsLeftOut() {
        int p10 = rewriter.rewrite(descriptor(10, 5), 0, 6);
        rewriter.rewrite(descriptor(10, 5), 0, 6);
        // Picture 11 is lost upstream; picture 12 (an upper temporal layer, two packets) is left out.
        rewriter.skip(descriptor(12, 5), 0, 6);
        rewriter.skip(descriptor(12, 5), 0, 6);
        assertEquals(p10 + 2, rewriter.rewrite(descriptor(13, 5), 0, 6), "one skip per picture, 11's gap kept");
        assertEquals(p10 + 1, rewriter.rewrite(descriptor(11, 5), 0, 6), "the repaired 11 fills its own gap");
    }

    @Test
    void vp9PictureIdsAndTl0PicIdxContinueAcrossALayerSwitchPastTheLayerIndices() {
        DescriptorNumbering vp9 = new DescriptorNumbering(VideoCodec.VP9);
        assertEquals(500, vp9.rewrite(vp9Descriptor(500, 2, 40), 0, 6));
        vp9.switchSource();
        ByteBuf switched = vp9Descriptor(9000, 2, 7);
        assertEquals(501, vp9.rewrite(switched, 0, 6), "the new layer continues the numbering");
        assertEquals(41, switched.getUnsignedByte(4), "TL0PICIDX after the layer indices continues too");
        assertEquals(0x40, switched.getUnsignedByte(3), "the layer indices are left alone");
        ByteBuf flexible = Unpooled.wrappedBuffer(new byte[] {(byte) 0xB8, (byte) 0xA3, 0x29, 0x00, 0x00});
        assertEquals(502, vp9.rewrite(flexible, 0, 5), "flexible mode: a PictureID and no TL0PICIDX");
        assertEquals(0, flexible.getUnsignedByte(4), "nothing after the layer indices is touched");
    }

    @Test
    void vp9KeepsTheGapsOfPicturesLeftOutAndKnowsTheirFate() {
        DescriptorNumbering vp9 = new DescriptorNumbering(VideoCodec.VP9);
        assertEquals(500, vp9.rewrite(vp9Descriptor(500, 0, 40), 0, 6));
        vp9.skip(vp9Descriptor(501, 2, 40), 0, 6);
        assertEquals(502, vp9.rewrite(vp9Descriptor(502, 1, 40), 0, 6),
                "P_DIFF and picture groups count in source PictureIDs: no renumbering");
        assertEquals(PictureNumbering.LEFT_OUT, vp9.fate(vp9Descriptor(501, 2, 40), 0, 6));
        assertEquals(PictureNumbering.SENT, vp9.fate(vp9Descriptor(500, 0, 40), 0, 6));
        assertEquals(PictureNumbering.UNKNOWN, vp9.fate(vp9Descriptor(499, 0, 40), 0, 6), "never seen");
    }

    /** RFC 9628 §4.2, non-flexible: I, L and B set; 15-bit PictureID; TID 2 U SID 0; TL0PICIDX. */
    private static ByteBuf vp9Descriptor(int pictureId, int temporalId, int tl0) {
        return Unpooled.wrappedBuffer(new byte[] {(byte) 0xA8, (byte) (0x80 | pictureId >> 8), (byte) pictureId,
                (byte) (temporalId << 5), (byte) tl0, 0x00});
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

    @Test
    void aSkippedPictureMovesTheLaterOnesDownByOne() {
        assertEquals(100, rewriter.rewrite(descriptor(100, 7), 0, 6));
        rewriter.skip(descriptor(101, 7), 0, 6);
        assertEquals(101, rewriter.rewrite(descriptor(102, 7), 0, 6));
        rewriter.skip(descriptor(103, 7), 0, 6);
        rewriter.skip(descriptor(104, 7), 0, 6);
        assertEquals(102, rewriter.rewrite(descriptor(105, 8), 0, 6), "two pictures in a row left out");
    }

    @Test
    void fifteenBitPictureIdsWrapAtTheTop() {
        assertEquals(0x7FFE, rewriter.rewrite(descriptor(0x7FFE, 1), 0, 6));
        rewriter.skip(descriptor(0x7FFF, 1), 0, 6);
        assertEquals(0x7FFF, rewriter.rewrite(descriptor(0, 1), 0, 6));
        rewriter.skip(descriptor(1, 1), 0, 6);
        ByteBuf b = descriptor(2, 2);
        assertEquals(0, rewriter.rewrite(b, 0, 6));
        assertEquals(0x8000, b.getUnsignedShort(2), "M still set, PictureID 0");
        assertEquals(2, b.getUnsignedByte(4), "TL0PICIDX is not touched by skips of upper-layer frames");
    }

    @Test
    void sevenBitPictureIdsWrapAtTheTop() {
        assertEquals(126, rewriter.rewrite(shortDescriptor(126), 0, 4));
        rewriter.skip(shortDescriptor(127), 0, 4);
        ByteBuf b = shortDescriptor(0);
        assertEquals(127, rewriter.rewrite(b, 0, 4));
        assertEquals(127, b.getUnsignedByte(2), "M stays clear");
        rewriter.skip(shortDescriptor(1), 0, 4);
        assertEquals(0, rewriter.rewrite(shortDescriptor(2), 0, 4));
        assertEquals(1, rewriter.rewrite(shortDescriptor(3), 0, 4));
    }

    @Test
    void thePacketsOfOneSkippedPictureCountOnce() {
        rewriter.rewrite(descriptor(100, 7), 0, 6);
        for (int i = 0; i < 3; i++) {
            rewriter.skip(descriptor(101, 7), 0, 6);
        }
        assertEquals(101, rewriter.rewrite(descriptor(102, 7), 0, 6));
    }

    @Test
    void skippingAnOldPictureOrTheOneJustSentChangesNothing() {
        rewriter.rewrite(descriptor(100, 7), 0, 6);
        rewriter.rewrite(descriptor(101, 7), 0, 6);
        rewriter.skip(descriptor(99, 7), 0, 6);
        rewriter.skip(descriptor(101, 7), 0, 6);
        rewriter.skip(descriptor(101 + 0x5000, 7), 0, 6);
        assertEquals(102, rewriter.rewrite(descriptor(102, 7), 0, 6));
        rewriter.skip(Unpooled.wrappedBuffer(new byte[] {0x10, 0x00}), 0, 2);
        rewriter.skip(Unpooled.wrappedBuffer(new byte[0]), 0, 0);
        assertEquals(103, rewriter.rewrite(descriptor(103, 7), 0, 6), "nor does a packet without PictureID (padding)");
    }

    @Test
    void skipsBeforeTheFirstPictureOrDuringALayerSwitchChangeNothing() {
        rewriter.skip(descriptor(50, 1), 0, 6);
        assertEquals(51, rewriter.rewrite(descriptor(51, 1), 0, 6), "nothing sent yet: nothing to keep continuous");
        rewriter.switchSource();
        rewriter.skip(descriptor(9000, 40), 0, 6);
        assertEquals(52, rewriter.rewrite(descriptor(9001, 40), 0, 6), "the switch continues from the last one sent");
    }

    @Test
    void aRetransmissionKeepsTheNumbersItHadBeforeASkip() {
        ByteBuf first = descriptor(100, 7);
        rewriter.rewrite(first, 0, 6);
        int before = rewriter.deltas();
        rewriter.skip(descriptor(101, 7), 0, 6);
        rewriter.rewrite(descriptor(102, 7), 0, 6);
        int after = rewriter.deltas();

        ByteBuf resent = descriptor(100, 7);
        rewriter.apply(resent, 0, 6, before);
        assertEquals(0x8000 | 100, resent.getUnsignedShort(2));
        ByteBuf resentLater = descriptor(102, 7);
        rewriter.apply(resentLater, 0, 6, after);
        assertEquals(0x8000 | 101, resentLater.getUnsignedShort(2));
        assertEquals(7, resentLater.getUnsignedByte(4));
        assertEquals(102, rewriter.rewrite(descriptor(103, 7), 0, 6), "resending does not move the live numbering");
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
