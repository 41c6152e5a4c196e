package io.parley.core.rtp;

import io.netty.buffer.ByteBuf;

/**
 * The video payload formats whose keyframes the server must recognise: to resume a stream at a
 * decodable point and to know when a keyframe request has been answered.
 */
public enum VideoCodec {
    VP8,
    H264,
    /** Audio or a format we forward blindly: no packet counts as a keyframe. */
    OTHER;

    private static final int H264_IDR = 5;
    private static final int H264_SPS = 7;
    private static final int H264_STAP_A = 24;
    private static final int H264_FU_A = 28;

    /** The format for an SDP encoding name (case-insensitive, RFC 4855 §3). */
    public static VideoCodec of(String encodingName) {
        if ("VP8".equalsIgnoreCase(encodingName)) {
            return VP8;
        }
        if ("H264".equalsIgnoreCase(encodingName)) {
            return H264;
        }
        return OTHER;
    }

    /** Whether the packet starts (or, for H.264, carries) a keyframe. Malformed payloads are not. */
    public boolean isKeyframe(RtpPacket packet) {
        ByteBuf buf = packet.buffer();
        int at = packet.payloadOffset();
        int end = at + packet.payloadLength();
        return switch (this) {
            case VP8 -> vp8KeyframeHeader(buf, at, end) >= 0;
            case H264 -> h264Keyframe(buf, at, end);
            case OTHER -> false;
        };
    }

    /**
     * The picture height a keyframe packet announces, or -1 when the packet does not say (not a
     * keyframe start, or a format whose headers we do not parse, such as H.264's SPS).
     */
    public int keyframeHeight(RtpPacket packet) {
        if (this != VP8) {
            return -1;
        }
        ByteBuf buf = packet.buffer();
        int end = packet.payloadOffset() + packet.payloadLength();
        int header = vp8KeyframeHeader(buf, packet.payloadOffset(), end);
        // RFC 6386 §9.1: a 3-byte frame tag, the start code 9d 01 2a, then 14-bit little-endian
        // width and height, each with two scaling bits on top.
        if (header < 0 || header + 10 > end || buf.getUnsignedByte(header + 3) != 0x9d
                || buf.getUnsignedByte(header + 4) != 0x01 || buf.getUnsignedByte(header + 5) != 0x2a) {
            return -1;
        }
        return buf.getUnsignedShortLE(header + 8) & 0x3FFF;
    }

    /**
     * RFC 7741 §4.2 payload descriptor, then the VP8 payload header (§4.3), present only at the
     * start of partition 0, whose lowest bit P is 0 for a keyframe. Returns the payload header's
     * offset for a keyframe, else -1.
     */
    private static int vp8KeyframeHeader(ByteBuf buf, int at, int end) {
        if (at >= end) {
            return -1;
        }
        int first = buf.getUnsignedByte(at++);
        boolean start = (first & 0x10) != 0;
        int partition = first & 0x07;
        if (!start || partition != 0) {
            return -1;
        }
        if ((first & 0x80) != 0) {
            if (at >= end) {
                return -1;
            }
            int ext = buf.getUnsignedByte(at++);
            if ((ext & 0x80) != 0) {
                if (at >= end) {
                    return -1;
                }
                at += (buf.getUnsignedByte(at) & 0x80) != 0 ? 2 : 1;
            }
            if ((ext & 0x40) != 0) {
                at++;
            }
            if ((ext & 0x30) != 0) {
                at++;
            }
        }
        return at < end && (buf.getUnsignedByte(at) & 0x01) == 0 ? at : -1;
    }

    /** RFC 6184 §5.6-5.8: a single NAL unit, the units of a STAP-A, or the start of a FU-A. */
    private static boolean h264Keyframe(ByteBuf buf, int at, int end) {
        if (at >= end) {
            return false;
        }
        int type = buf.getUnsignedByte(at) & 0x1F;
        if (type == H264_STAP_A) {
            int p = at + 1;
            while (p + 2 < end) {
                int size = buf.getUnsignedShort(p);
                int unit = buf.getUnsignedByte(p + 2) & 0x1F;
                if (unit == H264_IDR || unit == H264_SPS) {
                    return true;
                }
                p += 2 + size;
            }
            return false;
        }
        if (type == H264_FU_A) {
            if (at + 1 >= end) {
                return false;
            }
            int header = buf.getUnsignedByte(at + 1);
            int unit = header & 0x1F;
            return (header & 0x80) != 0 && (unit == H264_IDR || unit == H264_SPS);
        }
        return type == H264_IDR || type == H264_SPS;
    }
}
