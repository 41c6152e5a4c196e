package io.parley.core.rtcp;

import io.netty.buffer.ByteBuf;

/**
 * Sender report, RFC 3550 §6.4.1. The server writes them without report blocks (the receiver
 * reports go in an RR from its own SSRC) and reads the NTP time of the ones publishers send.
 */
public final class SenderReport {
    public static final int LENGTH = 28;

    private SenderReport() {
    }

    public static void write(ByteBuf out, long ssrc, long ntp, long rtpTimestamp, long packets, long octets) {
        out.writeByte(0x80);
        out.writeByte(RtcpPacket.SR);
        out.writeShort(LENGTH / 4 - 1);
        out.writeInt((int) ssrc);
        out.writeLong(ntp);
        out.writeInt((int) rtpTimestamp);
        out.writeInt((int) packets);
        out.writeInt((int) octets);
    }

    public static long ntp(RtcpPacket p) {
        return p.buffer().getLong(p.offset() + 8);
    }

    /** Offset of the first report block of an SR, or of an RR when {@code sr} is false. */
    public static int firstBlockOffset(RtcpPacket p, boolean sr) {
        return p.offset() + (sr ? LENGTH : 8);
    }
}
