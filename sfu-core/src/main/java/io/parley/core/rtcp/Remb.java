package io.parley.core.rtcp;

/**
 * Receiver Estimated Maximum Bitrate (draft-alvestrand-rmcat-remb-03 §2.2): an application-layer
 * feedback message (PSFB FMT 15) whose FCI starts with "REMB".
 */
public final class Remb {
    public static final int FORMAT = 15;
    /** Header and SSRCs (12), "REMB" (4), SSRC count, exponent and mantissa (4). */
    public static final int MIN_LENGTH = 20;
    private static final int IDENTIFIER = ('R' << 24) | ('E' << 16) | ('M' << 8) | 'B';

    private Remb() {
    }

    public static boolean isRemb(RtcpPacket p) {
        return p.packetType() == RtcpPacket.PSFB && p.countOrFormat() == FORMAT
                && p.contentLength() >= 16 && p.buffer().getInt(p.offset() + 12) == IDENTIFIER;
    }

    public static int ssrcCount(RtcpPacket p) {
        return p.buffer().getUnsignedByte(p.offset() + 16);
    }

    /** The estimate in bits per second: an 18-bit mantissa times 2 to a 6-bit exponent. */
    public static long bitrate(RtcpPacket p) {
        int b = p.buffer().getInt(p.offset() + 16);
        int exponent = (b >>> 18) & 0x3F;
        long mantissa = b & 0x3FFFF;
        return exponent > 45 ? Long.MAX_VALUE : mantissa << exponent;
    }
}
