package io.parley.core.rtcp;

import io.netty.buffer.ByteBuf;

/**
 * One reception report block of an SR or RR, RFC 3550 §6.4.1: 24 bytes about one source.
 * Reads at an absolute offset; see {@link SenderReport#firstBlockOffset}.
 */
public final class ReportBlock {
    public static final int LENGTH = 24;

    private ReportBlock() {
    }

    public static long ssrc(ByteBuf buf, int at) {
        return buf.getUnsignedInt(at);
    }

    /** Fraction of packets lost since the previous report, in 1/256. */
    public static int fractionLost(ByteBuf buf, int at) {
        return buf.getUnsignedByte(at + 4);
    }

    /** Cumulative number of packets lost: a signed 24-bit value. */
    public static int cumulativeLost(ByteBuf buf, int at) {
        return buf.getMedium(at + 5);
    }

    public static long lastSenderReport(ByteBuf buf, int at) {
        return buf.getUnsignedInt(at + 16);
    }

    public static long delaySinceLastSenderReport(ByteBuf buf, int at) {
        return buf.getUnsignedInt(at + 20);
    }

    /** Writes an RR header from {@code senderSsrc} announcing {@code blocks} blocks that follow. */
    public static void writeReceiverReportHeader(ByteBuf out, long senderSsrc, int blocks) {
        out.writeByte(0x80 | blocks);
        out.writeByte(RtcpPacket.RR);
        out.writeShort((8 + LENGTH * blocks) / 4 - 1);
        out.writeInt((int) senderSsrc);
    }

    public static void write(ByteBuf out, long ssrc, int fractionLost, int cumulativeLost, long extendedHighestSeq,
                             long jitter, long lastSr, long delaySinceLastSr) {
        out.writeInt((int) ssrc);
        out.writeByte(fractionLost);
        out.writeMedium(cumulativeLost);
        out.writeInt((int) extendedHighestSeq);
        out.writeInt((int) jitter);
        out.writeInt((int) lastSr);
        out.writeInt((int) delaySinceLastSr);
    }
}
