package io.parley.core.rtcp;

import io.netty.buffer.ByteBuf;

/**
 * Full Intra Request, RFC 5104 §4.3.1: payload-specific feedback with FMT 4. The media source
 * field is unused (0); the FCI holds one 8-byte entry per requested SSRC with a sequence number.
 */
public final class Fir {
    public static final int FORMAT = 4;

    private Fir() {
    }

    public static int entryCount(RtcpPacket p) {
        // Padding (RFC 3550 §6.4.1) is not FCI: counting it read its octets as an entry.
        return Math.max(0, (p.contentLength() - 12) / 8);
    }

    public static long ssrc(RtcpPacket p, int entry) {
        return p.buffer().getUnsignedInt(p.offset() + 12 + 8 * entry);
    }

    public static int sequenceNumber(RtcpPacket p, int entry) {
        return p.buffer().getUnsignedByte(p.offset() + 16 + 8 * entry);
    }

    public static void write(ByteBuf out, long senderSsrc, long mediaSsrc, int sequenceNumber) {
        // RFC 5104 §4.3.1.1: the media source SSRC is unused (0); the FCI names the stream.
        RtcpPacket.writeFeedbackHeader(out, FORMAT, RtcpPacket.PSFB, 20 / 4 - 1, senderSsrc, 0);
        out.writeInt((int) mediaSsrc);
        out.writeByte(sequenceNumber);
        out.writeZero(3);
    }
}
