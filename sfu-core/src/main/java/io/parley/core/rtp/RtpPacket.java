package io.parley.core.rtp;

import io.netty.buffer.ByteBuf;

/**
 * A reusable, mutable view over one RTP packet in a ByteBuf: fields are read and patched in place,
 * nothing is copied. {@link #wrap} validates the structure once so the accessors need no checks.
 */
public final class RtpPacket extends PacketView {
    /** RFC 8285 §4.2 one-byte header form. */
    public static final int ONE_BYTE_PROFILE = 0xBEDE;
    /** RFC 8285 §4.3 two-byte header form ("appbits" in the low 4 bits). */
    public static final int TWO_BYTE_PROFILE = 0x1000;

    private int headerLength;
    private int paddingLength;
    private int extensionBlockOffset = -1;
    private int extensionBlockLength;
    private int extensionProfile;

    /**
     * Views the readable bytes of {@code packet}. Returns false when they are not a well-formed
     * RTP packet (RFC 3550 §5.1): too short, not version 2, CSRC list, header extension or padding
     * running past the end.
     */
    public boolean wrap(ByteBuf packet) {
        buf = null;
        int off = packet.readerIndex();
        int len = packet.readableBytes();
        if (len < 12) {
            return false;
        }
        if (!CommonHeader.isVersion2(packet, off)) {
            return false;
        }
        int b0 = packet.getUnsignedByte(off);
        int header = 12 + 4 * (b0 & 0x0F);
        if (header > len) {
            return false;
        }
        extensionBlockOffset = -1;
        extensionBlockLength = 0;
        extensionProfile = 0;
        if ((b0 & 0x10) != 0) {
            // RFC 3550 §5.3.1: 16-bit profile, 16-bit length in 32-bit words, then the data.
            if (header + 4 > len) {
                return false;
            }
            extensionProfile = packet.getUnsignedShort(off + header);
            int words = packet.getUnsignedShort(off + header + 2);
            extensionBlockOffset = off + header + 4;
            extensionBlockLength = 4 * words;
            header += 4 + extensionBlockLength;
            if (header > len) {
                return false;
            }
        }
        int padding = CommonHeader.paddingLength(packet, off, len, header);
        if (padding < 0) {
            return false;
        }
        buf = packet;
        offset = off;
        length = len;
        headerLength = header;
        paddingLength = padding;
        return true;
    }

    public int version() {
        return buf.getUnsignedByte(offset) >> 6;
    }

    public boolean hasPadding() {
        return paddingLength > 0;
    }

    public boolean hasExtension() {
        return extensionBlockOffset >= 0;
    }

    public int csrcCount() {
        return buf.getUnsignedByte(offset) & 0x0F;
    }

    public boolean marker() {
        return (buf.getUnsignedByte(offset + 1) & 0x80) != 0;
    }

    public int payloadType() {
        return buf.getUnsignedByte(offset + 1) & 0x7F;
    }

    public int sequenceNumber() {
        return buf.getUnsignedShort(offset + 2);
    }

    public long timestamp() {
        return buf.getUnsignedInt(offset + 4);
    }

    public long ssrc() {
        return buf.getUnsignedInt(offset + 8);
    }

    /** Fixed header, CSRCs and the header extension block. */
    public int headerLength() {
        return headerLength;
    }

    /** Absolute index of the payload in {@link #buffer()}. */
    public int payloadOffset() {
        return offset + headerLength;
    }

    /** Payload bytes, padding excluded. */
    public int payloadLength() {
        return length - headerLength - paddingLength;
    }

    public int paddingLength() {
        return paddingLength;
    }

    /** Absolute index of the data of header extension element {@code id}, or -1 (RFC 8285). */
    public int extensionOffset(int id) {
        long found = findExtension(id);
        return found < 0 ? -1 : (int) (found >>> 16);
    }

    /** Length of the data of header extension element {@code id}, or -1. */
    public int extensionLength(int id) {
        long found = findExtension(id);
        return found < 0 ? -1 : (int) (found & 0xFFFF);
    }

    /** True when element {@code id} holds exactly these ASCII bytes (a mid or rid), without allocating. */
    public boolean extensionEquals(int id, byte[] ascii) {
        long found = findExtension(id);
        if (found < 0 || (found & 0xFFFF) != ascii.length) {
            return false;
        }
        int at = (int) (found >>> 16);
        for (int i = 0; i < ascii.length; i++) {
            if (buf.getByte(at + i) != ascii[i]) {
                return false;
            }
        }
        return true;
    }

    /** The element's value as a string (allocates: for learning a new stream, not per packet). */
    public String extensionAsString(int id) {
        long found = findExtension(id);
        if (found < 0) {
            return null;
        }
        return buf.toString((int) (found >>> 16), (int) (found & 0xFFFF), java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Packs (absolute offset << 16 | length) of element id, or -1. */
    private long findExtension(int id) {
        if (extensionBlockOffset < 0 || id <= 0) {
            return -1;
        }
        int i = extensionBlockOffset;
        int end = extensionBlockOffset + extensionBlockLength;
        if (extensionProfile == ONE_BYTE_PROFILE) {
            while (i < end) {
                int head = buf.getUnsignedByte(i);
                if (head == 0) {
                    i++;                      // RFC 8285 §4.2: padding byte
                    continue;
                }
                int elementId = head >> 4;
                if (elementId == 15) {
                    return -1;                // RFC 8285 §4.2: id 15 stops processing
                }
                int len = (head & 0x0F) + 1;
                if (i + 1 + len > end) {
                    return -1;
                }
                if (elementId == id) {
                    return ((long) (i + 1) << 16) | len;
                }
                i += 1 + len;
            }
        } else if ((extensionProfile & 0xFFF0) == TWO_BYTE_PROFILE) {
            while (i < end) {
                int elementId = buf.getUnsignedByte(i);
                if (elementId == 0) {
                    i++;                      // RFC 8285 §4.3: padding byte
                    continue;
                }
                if (i + 2 > end) {
                    return -1;
                }
                int len = buf.getUnsignedByte(i + 1);
                if (i + 2 + len > end) {
                    return -1;
                }
                if (elementId == id) {
                    return ((long) (i + 2) << 16) | len;
                }
                i += 2 + len;
            }
        }
        return -1;
    }

    public void setSequenceNumber(int seq) {
        buf.setShort(offset + 2, seq);
    }

    public void setTimestamp(long timestamp) {
        buf.setInt(offset + 4, (int) timestamp);
    }

    public void setSsrc(long ssrc) {
        buf.setInt(offset + 8, (int) ssrc);
    }

    public void setPayloadType(int pt) {
        buf.setByte(offset + 1, (buf.getUnsignedByte(offset + 1) & 0x80) | (pt & 0x7F));
    }

    public void setMarker(boolean marker) {
        int b1 = buf.getUnsignedByte(offset + 1);
        buf.setByte(offset + 1, marker ? b1 | 0x80 : b1 & 0x7F);
    }
}
