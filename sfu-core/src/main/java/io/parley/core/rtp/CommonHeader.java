package io.parley.core.rtp;

import io.netty.buffer.ByteBuf;

/**
 * The checks an RTP packet (RFC 3550 §5.1) and an RTCP packet (§6.4.1) share: both start with the
 * version, 2, and a padding bit, and a padded packet's last octet counts the padding octets, itself
 * included.
 */
public final class CommonHeader {
    private static final int VERSION = 2;
    private static final int PADDING = 0x20;

    private CommonHeader() {
    }

    /** Whether the packet at {@code offset} says version 2. */
    public static boolean isVersion2(ByteBuf buf, int offset) {
        return buf.getUnsignedByte(offset) >> 6 == VERSION;
    }

    /** Whether the packet at {@code offset} has its padding bit set. */
    public static boolean isPadded(ByteBuf buf, int offset) {
        return (buf.getUnsignedByte(offset) & PADDING) != 0;
    }

    /**
     * The padding of the packet of {@code length} octets at {@code offset} whose headers take
     * {@code headerLength}: 0 without the padding bit, else its last octet; -1 when that is 0 or
     * more than the octets after the headers.
     */
    public static int paddingLength(ByteBuf buf, int offset, int length, int headerLength) {
        if (!isPadded(buf, offset)) {
            return 0;
        }
        int padding = buf.getUnsignedByte(offset + length - 1);
        return padding == 0 || headerLength + padding > length ? -1 : padding;
    }
}
