package io.parley.core.rtcp;

import io.netty.buffer.ByteBuf;

/** Picture Loss Indication, RFC 4585 §6.3.1: payload-specific feedback with FMT 1 and no FCI. */
public final class Pli {
    public static final int FORMAT = 1;
    public static final int LENGTH = 12;

    private Pli() {
    }

    public static void write(ByteBuf out, long senderSsrc, long mediaSsrc) {
        RtcpPacket.writeFeedbackHeader(out, FORMAT, RtcpPacket.PSFB, LENGTH / 4 - 1, senderSsrc, mediaSsrc);
    }
}
