package io.parley.core.rtcp;

import io.netty.buffer.ByteBuf;
import io.parley.core.rtp.CommonHeader;
import io.parley.core.rtp.PacketView;

/**
 * A reusable iterator over the packets of one RTCP compound (RFC 3550 §6.1) or reduced-size
 * (RFC 5506) packet, viewing the buffer in place. Unknown packet types are skipped, not rejected.
 */
public final class RtcpPacket extends PacketView {
    public static final int SR = 200;
    public static final int RR = 201;
    public static final int SDES = 202;
    public static final int BYE = 203;
    public static final int APP = 204;
    public static final int RTPFB = 205;
    public static final int PSFB = 206;
    public static final int XR = 207;
    /** RFC 3550 §6.4.1: version, padding, count, packet type and length. */
    private static final int HEADER_LENGTH = 4;

    private int end;
    private int next;
    private RtcpDropReason dropReason;

    /** Starts iterating the readable bytes; false when there is not even one header. */
    public boolean wrap(ByteBuf packet) {
        buf = packet;
        next = packet.readerIndex();
        end = packet.writerIndex();
        offset = -1;
        length = 0;
        dropReason = null;
        if (end - next < 4) {
            dropReason = RtcpDropReason.TRUNCATED;
            return false;
        }
        return true;
    }

    /** Moves to the next packet; false at the end or at the first malformed one ({@link #dropReason()}). */
    public boolean next() {
        if (dropReason != null || next >= end) {
            return false;
        }
        if (end - next < 4) {
            return fail(RtcpDropReason.TRUNCATED);
        }
        if (!CommonHeader.isVersion2(buf, next)) {
            return fail(RtcpDropReason.BAD_VERSION);
        }
        int len = 4 * (buf.getUnsignedShort(next + 2) + 1);
        if (next + len > end) {
            return fail(RtcpDropReason.BAD_LENGTH);
        }
        // RFC 3550 §6.4.1: only the last packet of a compound may be padded.
        if (CommonHeader.isPadded(buf, next)
                && (next + len != end || CommonHeader.paddingLength(buf, next, len, HEADER_LENGTH) < 0)) {
            return fail(RtcpDropReason.BAD_PADDING);
        }
        offset = next;
        length = len;
        next += len;
        return true;
    }

    private boolean fail(RtcpDropReason reason) {
        dropReason = reason;
        return false;
    }

    /**
     * Checks the current packet's body against its type; null when it is well formed (or of a
     * type we do not read), else why the packet must be skipped.
     */
    public RtcpDropReason bodyError() {
        int len = contentLength();
        int count = countOrFormat();
        return switch (packetType()) {
            case SR -> len >= 28 + 24 * count ? null : RtcpDropReason.BAD_REPORT;
            case RR -> len >= 8 + 24 * count ? null : RtcpDropReason.BAD_REPORT;
            case SDES -> sdesValid(len, count) ? null : RtcpDropReason.BAD_SDES;
            case BYE -> byeValid(len, count) ? null : RtcpDropReason.BAD_BYE;
            case RTPFB, PSFB -> feedbackValid(len, packetType(), count) ? null : RtcpDropReason.BAD_FEEDBACK;
            default -> null;
        };
    }

    /** The packet's length without its padding (RFC 3550 §6.4.1). */
    public int contentLength() {
        return length - CommonHeader.paddingLength(buf, offset, length, HEADER_LENGTH);
    }

    /** RFC 3550 §6.5: each chunk is an SSRC and items up to a null item, padded to 32 bits. */
    private boolean sdesValid(int len, int chunks) {
        int at = offset + 4;
        int end = offset + len;
        for (int c = 0; c < chunks; c++) {
            at += 4;
            while (true) {
                if (at >= end) {
                    return false;
                }
                if (buf.getUnsignedByte(at) == 0) {
                    at = offset + ((at - offset + 4) & ~3);
                    break;
                }
                if (at + 2 > end) {
                    return false;
                }
                at += 2 + buf.getUnsignedByte(at + 1);
            }
        }
        return at <= end;
    }

    private boolean byeValid(int len, int sources) {
        int reasonAt = 4 + 4 * sources;
        if (len < reasonAt) {
            return false;
        }
        return len == reasonAt || reasonAt + 1 + buf.getUnsignedByte(offset + reasonAt) <= len;
    }

    private boolean feedbackValid(int len, int type, int format) {
        if (len < 12) {
            return false;
        }
        if (type == RTPFB && format == Nack.FORMAT) {
            return len > 12 && (len - 12) % 4 == 0;
        }
        if (type == RTPFB && format == TransportFeedback.FORMAT) {
            return len >= TransportFeedback.MIN_LENGTH;
        }
        if (type == PSFB && format == Fir.FORMAT) {
            return len > 12 && (len - 12) % 8 == 0;
        }
        if (type == PSFB && format == Remb.FORMAT && Remb.isRemb(this)) {
            return len >= Remb.MIN_LENGTH && len >= Remb.MIN_LENGTH + 4 * Remb.ssrcCount(this);
        }
        return true;
    }

    /** Null unless iteration stopped at a malformed packet. */
    public RtcpDropReason dropReason() {
        return dropReason;
    }

    public int packetType() {
        return buf.getUnsignedByte(offset + 1);
    }

    /** Report count, SDES chunk count, or feedback message type (FMT), by packet type. */
    public int countOrFormat() {
        return buf.getUnsignedByte(offset) & 0x1F;
    }

    /** The first SSRC after the header: the sender's (SR, RR, feedback) or the first chunk's. */
    public long senderSsrc() {
        return length >= 8 ? buf.getUnsignedInt(offset + 4) : -1;
    }

    /** Feedback messages (RFC 4585 §6.1): the SSRC of the media source, or -1 if too short. */
    public long mediaSsrc() {
        return length >= 12 ? buf.getUnsignedInt(offset + 8) : -1;
    }

    /** Rewrites the media source SSRC of a feedback message in place. */
    public void setMediaSsrc(long ssrc) {
        buf.setInt(offset + 8, (int) ssrc);
    }

    /**
     * Writes the header every feedback message starts with (RFC 4585 §6.1): version, FMT,
     * packet type, length in 32-bit words minus one (0 when the caller patches it later), the
     * sender's SSRC and the media source's.
     */
    public static void writeFeedbackHeader(ByteBuf out, int format, int packetType, int length,
                                           long senderSsrc, long mediaSsrc) {
        out.writeByte(0x80 | format);
        out.writeByte(packetType);
        out.writeShort(length);
        out.writeInt((int) senderSsrc);
        out.writeInt((int) mediaSsrc);
    }
}
