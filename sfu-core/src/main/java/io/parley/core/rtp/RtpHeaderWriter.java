package io.parley.core.rtp;

import io.netty.buffer.ByteBuf;

/**
 * Writes fresh RTP headers (RFC 3550 §5.1) with header extensions (RFC 8285) into a ByteBuf,
 * without allocating. Used to build each subscriber's copy of a packet. A block is written in
 * the one-byte form (§4.2: ids 1..14, 1..16 bytes) unless one of its elements needs the two-byte
 * form (§4.3: ids 1..255, 0..255 bytes), such as a dependency descriptor that carries its
 * template structure; the form is chosen when the block begins and holds for all its elements.
 */
public final class RtpHeaderWriter {
    /** The largest element the one-byte form can carry (RFC 8285 §4.2). */
    public static final int ONE_BYTE_MAX_LENGTH = 16;
    /** The largest id the one-byte form can carry; 15 is reserved (RFC 8285 §4.2). */
    public static final int ONE_BYTE_MAX_ID = 14;

    private RtpHeaderWriter() {
    }

    /** Version 2, no CSRCs, no extension yet (set by {@link #endExtensions}). */
    public static void writeFixedHeader(ByteBuf out, boolean padding, boolean marker, int payloadType,
                                        int seq, long timestamp, long ssrc) {
        out.writeByte(0x80 | (padding ? 0x20 : 0));
        out.writeByte((marker ? 0x80 : 0) | (payloadType & 0x7F));
        out.writeShort(seq);
        out.writeInt((int) timestamp);
        out.writeInt((int) ssrc);
    }

    /** Whether an element with this id and length fits the one-byte form. */
    public static boolean fitsOneByte(int id, int length) {
        return id >= 1 && id <= ONE_BYTE_MAX_ID && length >= 1 && length <= ONE_BYTE_MAX_LENGTH;
    }

    /** Starts an extension block in the given form; returns its start index for {@link #endExtensions}. */
    public static int beginExtensions(ByteBuf out, boolean twoByte) {
        int start = out.writerIndex();
        out.writeShort(twoByte ? RtpPacket.TWO_BYTE_PROFILE : RtpPacket.ONE_BYTE_PROFILE);
        out.writeShort(0);
        return start;
    }

    /** A 16-bit value, e.g. the transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc §2). */
    public static void addShortExtension(ByteBuf out, boolean twoByte, int id, int value) {
        elementHeader(out, twoByte, id, 2);
        out.writeShort(value);
    }

    public static void addExtension(ByteBuf out, boolean twoByte, int id, byte[] value) {
        elementHeader(out, twoByte, id, value.length);
        out.writeBytes(value);
    }

    public static void addExtension(ByteBuf out, boolean twoByte, int id, ByteBuf src, int srcIndex, int length) {
        elementHeader(out, twoByte, id, length);
        out.writeBytes(src, srcIndex, length);
    }

    /**
     * Pads the block to 32 bits and fills in its length, setting the X bit of the header that
     * starts at {@code headerStart}; an empty block is removed again.
     */
    public static void endExtensions(ByteBuf out, int headerStart, int blockStart) {
        int data = out.writerIndex() - blockStart - 4;
        if (data == 0) {
            out.writerIndex(blockStart);
            return;
        }
        int padded = (data + 3) & ~3;
        out.writeZero(padded - data);
        out.setShort(blockStart + 2, padded / 4);
        out.setByte(headerStart, out.getUnsignedByte(headerStart) | 0x10);
    }

    private static void elementHeader(ByteBuf out, boolean twoByte, int id, int length) {
        if (twoByte) {
            if (id < 1 || id > 255 || length < 0 || length > 255) {
                throw new IllegalArgumentException("two-byte header extension needs id 1..255 and 0..255 bytes, got id "
                        + id + " length " + length);
            }
            out.writeByte(id);
            out.writeByte(length);
        } else {
            if (!fitsOneByte(id, length)) {
                throw new IllegalArgumentException("one-byte header extension needs id 1..14 and 1..16 bytes, got id "
                        + id + " length " + length);
            }
            out.writeByte((id << 4) | (length - 1));
        }
    }
}
