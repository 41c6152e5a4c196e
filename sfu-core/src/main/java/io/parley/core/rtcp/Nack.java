package io.parley.core.rtcp;

import io.netty.buffer.ByteBuf;

/**
 * Generic NACK, RFC 4585 §6.2.1: transport-layer feedback with FMT 1. Each 32-bit FCI item names
 * one lost packet (PID) and, in a bitmask (BLP), which of the 16 following ones are lost too.
 */
public final class Nack {
    public static final int FORMAT = 1;
    /** Header, sender SSRC and media SSRC before the FCI items. */
    public static final int HEADER_LENGTH = 12;

    private Nack() {
    }

    public static int itemCount(RtcpPacket p) {
        return (p.contentLength() - HEADER_LENGTH) / 4;
    }

    public static int packetId(RtcpPacket p, int item) {
        return p.buffer().getUnsignedShort(p.offset() + HEADER_LENGTH + 4 * item);
    }

    /** Bit i set: packet {@code packetId + i + 1} is lost as well. */
    public static int lostBitmask(RtcpPacket p, int item) {
        return p.buffer().getUnsignedShort(p.offset() + HEADER_LENGTH + 4 * item + 2);
    }

    /**
     * Writes one NACK for the given sequence numbers, which must be in RTP order (oldest first,
     * wrap-around allowed); consecutive ones share an item. Returns the bytes written.
     */
    public static int write(ByteBuf out, long senderSsrc, long mediaSsrc, int[] lost, int count) {
        int start = out.writerIndex();
        RtcpPacket.writeFeedbackHeader(out, FORMAT, RtcpPacket.RTPFB, 0, senderSsrc, mediaSsrc);
        int i = 0;
        while (i < count) {
            int pid = lost[i++];
            int mask = 0;
            while (i < count) {
                int distance = (lost[i] - pid) & 0xFFFF;
                if (distance == 0 || distance > 16) {
                    break;
                }
                mask |= 1 << (distance - 1);
                i++;
            }
            out.writeShort(pid);
            out.writeShort(mask);
        }
        int length = out.writerIndex() - start;
        out.setShort(start + 2, length / 4 - 1);
        return length;
    }
}
