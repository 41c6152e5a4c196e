package io.parley.core.room;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.parley.core.rtp.RtpPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per packet for captures: the RTP fixed header fields, the dependency descriptor's
 * bytes and the payload's first bytes, in hex, so a capture can be replayed in a unit test.
 */
final class PacketDump {
    /**
     * At TRACE, one line per incoming video packet: what a publisher really sends, for turning a
     * browser's stream into a test.
     */
    private static final Logger CAPTURE = LoggerFactory.getLogger("io.parley.capture");
    private static final int PAYLOAD_BYTES = 16;

    private PacketDump() {
    }

    /** Logs a packet of track {@code trackId} when capturing is on; costs a level check when not. */
    static void capture(String trackId, RtpPacket p, int descriptorId) {
        if (CAPTURE.isTraceEnabled()) {
            CAPTURE.trace("{} {}", trackId, describe(p, descriptorId));
        }
    }

    /** @param descriptorId the dependency descriptor's extension id, 0 when not negotiated */
    static String describe(RtpPacket p, int descriptorId) {
        ByteBuf b = p.buffer();
        StringBuilder s = new StringBuilder(128)
                .append("ssrc=").append(p.ssrc())
                .append(" seq=").append(p.sequenceNumber())
                .append(" ts=").append(p.timestamp())
                .append(" m=").append(p.marker() ? 1 : 0)
                .append(" pt=").append(p.payloadType())
                .append(" len=").append(p.payloadLength());
        int dd = descriptorId > 0 ? p.extensionOffset(descriptorId) : -1;
        if (dd >= 0) {
            s.append(" dd=").append(ByteBufUtil.hexDump(b, dd, p.extensionLength(descriptorId)));
        }
        s.append(" payload=").append(ByteBufUtil.hexDump(b, p.payloadOffset(), Math.min(PAYLOAD_BYTES, p.payloadLength())));
        return s.toString();
    }
}
