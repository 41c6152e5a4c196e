package io.parley.core.codec;

import io.netty.buffer.ByteBuf;

/**
 * Where a VP8 or VP9 payload descriptor keeps its picture numbers (RFC 7741 §4.2, RFC 9628 §4.2):
 * the PictureID, 7 bits or, with the M bit set, 15, and TL0PICIDX, with their values. Offsets
 * count from the payload's first byte, so the numbers can be rewritten in a copy of the payload
 * without reading its descriptor again. Filled by the format's descriptor reader; reused.
 */
public final class PictureFields {
    /** RFC 7741 §4.2 and RFC 9628 §4.2: the PictureID's first octet starts with M, the 15-bit form. */
    private static final int M = 0x80;

    private int pictureId = -1;
    private int pictureIdOffset;
    private boolean longPictureId;
    private int tl0PicIdx = -1;
    private int tl0PicIdxOffset;

    /** No picture numbers: the descriptor has none or could not be read. */
    void clear() {
        pictureId = -1;
        tl0PicIdx = -1;
    }

    /** The PictureID's first octet is {@code offset} bytes into the payload {@code buf} starts at {@code at}. */
    void setPictureId(ByteBuf buf, int at, int offset) {
        int first = buf.getUnsignedByte(at + offset);
        pictureIdOffset = offset;
        longPictureId = (first & M) != 0;
        pictureId = longPictureId ? buf.getUnsignedShort(at + offset) & 0x7FFF : first;
    }

    /** TL0PICIDX is the octet {@code offset} bytes into the payload {@code buf} starts at {@code at}. */
    void setTl0PicIdx(ByteBuf buf, int at, int offset) {
        tl0PicIdxOffset = offset;
        tl0PicIdx = buf.getUnsignedByte(at + offset);
    }

    /** Whether the descriptor carries a PictureID or a TL0PICIDX, something to renumber. */
    public boolean any() {
        return pictureId >= 0 || tl0PicIdx >= 0;
    }

    /** The PictureID without M, or -1 when absent. */
    public int pictureId() {
        return pictureId;
    }

    /** The PictureID's range as a mask: 0x7F or 0x7FFF. */
    public int pictureIdMask() {
        return longPictureId ? 0x7FFF : 0x7F;
    }

    /** TL0PICIDX, or -1 when absent. */
    public int tl0PicIdx() {
        return tl0PicIdx;
    }

    /** Writes a PictureID (within {@link #pictureIdMask()}) into a copy of the payload at {@code at}, M kept. */
    public void writePictureId(ByteBuf buf, int at, int value) {
        if (longPictureId) {
            buf.setShort(at + pictureIdOffset, M << 8 | value);
        } else {
            buf.setByte(at + pictureIdOffset, value);
        }
    }

    /** Writes TL0PICIDX into a copy of the payload at {@code at}. */
    public void writeTl0PicIdx(ByteBuf buf, int at, int value) {
        buf.setByte(at + tl0PicIdxOffset, value);
    }
}
