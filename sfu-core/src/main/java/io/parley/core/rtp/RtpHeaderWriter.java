package io.parley.core.rtp;

import io.netty.buffer.ByteBuf;

/**
 * Writes fresh RTP headers (RFC 3550 §5.1) with one-byte-form header extensions (RFC 8285 §4.2)
 * into a ByteBuf, without allocating. Used to build each subscriber's copy of a packet.
 */
public final class RtpHeaderWriter {
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

    /** Starts an extension block; returns its start index for {@link #endExtensions}. */
    public static int beginExtensions(ByteBuf out) {
        int start = out.writerIndex();
        out.writeShort(RtpPacket.ONE_BYTE_PROFILE);
        out.writeShort(0);
        return start;
    }

    public static void addExtension(ByteBuf out, int id, byte[] value) {
        checkElement(id, value.length);
        out.writeByte((id << 4) | (value.length - 1));
        out.writeBytes(value);
    }

    /** A 16-bit value, e.g. the transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc §2). */
    public static void addShortExtension(ByteBuf out, int id, int value) {
        checkElement(id, 2);
        out.writeByte((id << 4) | 1);
        out.writeShort(value);
    }

    public static void addExtension(ByteBuf out, int id, ByteBuf src, int srcIndex, int length) {
        checkElement(id, length);
        out.writeByte((id << 4) | (length - 1));
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

    private static void checkElement(int id, int length) {
        if (id < 1 || id > 14 || length < 1 || length > 16) {
            throw new IllegalArgumentException("one-byte header extension needs id 1..14 and 1..16 bytes, got id "
                    + id + " length " + length);
        }
    }
}
