package io.parley.core.codec;

import io.netty.buffer.ByteBuf;

/**
 * Reads what an H.264 payload (RFC 6184) says about keyframes: whether it carries an IDR slice or
 * a sequence parameter set, as a single NAL unit packet (§5.6), inside a STAP-A (§5.7.1) or at the
 * start of a FU-A (§5.8), and the picture size in an SPS it carries whole ({@link H264Sps}).
 *
 * <p>A reusable, mutable view: {@link #parse} overwrites every field and allocates nothing.
 */
public final class H264Payload {
    /** ITU-T H.264 Table 7-1: nal_unit_type of an IDR picture's slice and of an SPS. */
    private static final int IDR = 5;
    private static final int SPS = 7;
    /** RFC 6184 Table 1: the aggregation and fragmentation unit types. */
    private static final int STAP_A = 24;
    private static final int FU_A = 28;
    private static final int TYPE = 0x1F;
    /** FU header (§5.8): S, the fragment starts the NAL unit. */
    private static final int FU_START = 0x80;

    private boolean keyframe;
    private long size;

    /**
     * Parses the payload {@code [at, end)}. A malformed payload is no keyframe; a malformed or
     * truncated SPS, or one only in fragments, gives no size.
     */
    public void parse(ByteBuf buf, int at, int end) {
        keyframe = false;
        size = -1;
        if (at >= end) {
            return;
        }
        int type = buf.getUnsignedByte(at) & TYPE;
        if (type == STAP_A) {
            readStapA(buf, at + 1, end);
        } else if (type == FU_A) {
            int header = at + 1 < end ? buf.getUnsignedByte(at + 1) : 0;
            keyframe = (header & FU_START) != 0 && startsKeyframe(header & TYPE);
        } else {
            keyframe = startsKeyframe(type);
            if (type == SPS) {
                size = H264Sps.size(buf, at, end);
            }
        }
    }

    /**
     * §5.7.1: 16-bit size, then the NAL unit, for each. Any IDR or SPS unit makes a keyframe; the
     * size comes from the first SPS, unless a unit before it or the SPS itself runs past the end.
     */
    private void readStapA(ByteBuf buf, int p, int end) {
        while (p + 2 < end) {
            int unit = p + 2;
            int unitEnd = unit + buf.getUnsignedShort(p);
            int type = buf.getUnsignedByte(unit) & TYPE;
            keyframe |= startsKeyframe(type);
            if (unitEnd > end) {
                return;
            }
            if (type == SPS) {
                size = H264Sps.size(buf, unit, unitEnd);
                return;
            }
            p = unitEnd;
        }
    }

    private static boolean startsKeyframe(int nalType) {
        return nalType == IDR || nalType == SPS;
    }

    /** Whether the packet carries (the start of) an IDR slice or an SPS. */
    public boolean keyframe() {
        return keyframe;
    }

    /** The picture width the packet's SPS announces, or -1. */
    public int width() {
        return size < 0 ? -1 : H264Sps.width(size);
    }

    /** The picture height the packet's SPS announces, or -1. */
    public int height() {
        return size < 0 ? -1 : H264Sps.height(size);
    }
}
