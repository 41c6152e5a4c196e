package io.parley.core.codec;

import io.netty.buffer.ByteBuf;

/**
 * Reads the start of a VP8 payload: the payload descriptor (RFC 7741 §4.2) that precedes every
 * VP8 payload, saying where a frame starts, its temporal layer, whether it is a layer sync point
 * and its picture numbers; then, at the start of a frame, the payload header (§4.3) that tells a
 * keyframe, and a keyframe's picture size from its frame header (RFC 6386 §9.1). Temporal
 * scalability lets an SFU thin a stream by dropping the frames of the upper temporal layers, which
 * nothing in the lower layers references (RFC 7741 §4.2, TID).
 *
 * <p>A reusable, mutable view: {@link #parse} overwrites every field and allocates nothing, so one
 * instance serves every packet of a stream.
 */
public final class Vp8Payload {
    private static final int X = 0x80;
    private static final int S = 0x10;
    private static final int PARTITION_INDEX = 0x07;
    private static final int I = 0x80;
    private static final int L = 0x40;
    private static final int T = 0x20;
    private static final int K = 0x10;
    private static final int M = 0x80;
    private static final int Y = 0x20;
    /** RFC 7741 §4.3: the payload header's P bit, the inverse key frame flag. */
    private static final int INTER_FRAME = 0x01;
    /** RFC 6386 §9.1: the 3-byte frame tag, the start code 9d 01 2a, 16-bit width and height. */
    private static final int KEYFRAME_HEADER_LENGTH = 10;

    private final PictureFields pictures = new PictureFields();
    private int length;
    private boolean startsFrame;
    private int temporalId;
    private boolean layerSync;
    private boolean keyframe;
    private int width;
    private int height;

    /**
     * Parses the payload {@code [at, end)}; the accessors then describe this packet. Returns false
     * when the payload is empty or ends inside the descriptor: the packet then starts no frame,
     * has temporal layer -1 and no picture numbers, and is no keyframe.
     */
    public boolean parse(ByteBuf buf, int at, int end) {
        pictures.clear();
        length = -1;
        startsFrame = false;
        temporalId = -1;
        layerSync = false;
        keyframe = false;
        width = -1;
        height = -1;
        int p = descriptorEnd(buf, at, end);
        if (p < 0) {
            return false;
        }
        length = p - at;
        int first = buf.getUnsignedByte(at);
        int ext = (first & X) == 0 ? 0 : buf.getUnsignedByte(at + 1);
        if ((ext & I) != 0) {
            pictures.setPictureId(buf, at, 2);
        }
        if ((ext & L) != 0) {
            pictures.setTl0PicIdx(buf, at, (ext & I) == 0 ? 2 : (buf.getUnsignedByte(at + 2) & M) != 0 ? 4 : 3);
        }
        // With K set but T clear the TID bits are not meaningful (RFC 7741 §4.2): base layer.
        temporalId = 0;
        if ((ext & T) != 0) {
            int tid = buf.getUnsignedByte(p - 1);
            temporalId = tid >> 6;
            layerSync = (tid & Y) != 0;
        }
        startsFrame = (first & S) != 0 && (first & PARTITION_INDEX) == 0;
        // The payload header is there only at the start of partition 0, the frame's first packet.
        keyframe = startsFrame && p < end && (buf.getUnsignedByte(p) & INTER_FRAME) == 0;
        if (keyframe) {
            readKeyframeSize(buf, p, end);
        }
        return true;
    }

    /** The index after the descriptor at {@code at}, or -1 when the payload ends inside it. */
    private static int descriptorEnd(ByteBuf buf, int at, int end) {
        if (at >= end) {
            return -1;
        }
        if ((buf.getUnsignedByte(at) & X) == 0) {
            return at + 1;
        }
        if (at + 1 >= end) {
            return -1;
        }
        int ext = buf.getUnsignedByte(at + 1);
        int p = at + 2;
        if ((ext & I) != 0) {
            if (p >= end) {
                return -1;
            }
            p += (buf.getUnsignedByte(p) & M) != 0 ? 2 : 1;
        }
        if ((ext & L) != 0) {
            p++;
        }
        if ((ext & (T | K)) != 0) {
            p++;
        }
        return p <= end ? p : -1;
    }

    /**
     * RFC 6386 §9.1: after the frame tag, the start code 9d 01 2a, then 14-bit little-endian width
     * and height, each with two scaling bits on top. Leaves the size unknown when they are not all
     * there or the start code is wrong.
     */
    private void readKeyframeSize(ByteBuf buf, int header, int end) {
        if (header + KEYFRAME_HEADER_LENGTH > end || buf.getUnsignedByte(header + 3) != 0x9d
                || buf.getUnsignedByte(header + 4) != 0x01 || buf.getUnsignedByte(header + 5) != 0x2a) {
            return;
        }
        width = buf.getUnsignedShortLE(header + 6) & 0x3FFF;
        height = buf.getUnsignedShortLE(header + 8) & 0x3FFF;
    }

    /** The descriptor's length in bytes, or -1 when the payload ends inside it. */
    public int length() {
        return length;
    }

    /** Whether the payload starts a frame: the start of partition 0 (S set, PID 0). */
    public boolean startsFrame() {
        return startsFrame;
    }

    /** The frame's temporal layer (TID): 0 when the descriptor has none, -1 when malformed. */
    public int temporalId() {
        return temporalId;
    }

    /**
     * The Y bit: the frame references only the base temporal layer's frames, so a receiver can
     * start receiving the frame's temporal layer here (RFC 7741 §4.2). False without a TID byte.
     */
    public boolean layerSync() {
        return layerSync;
    }

    /** The PictureID (7 or 15 bits), or -1 when absent or malformed. */
    public int pictureId() {
        return pictures.pictureId();
    }

    /** The descriptor's PictureID and TL0PICIDX and where they are. */
    public PictureFields pictures() {
        return pictures;
    }

    /**
     * Whether the packet starts a keyframe: the start of partition 0 with the payload header's
     * inverse key frame flag clear (RFC 7741 §4.3).
     */
    public boolean keyframe() {
        return keyframe;
    }

    /** The picture width a keyframe's first packet announces, or -1. */
    public int width() {
        return width;
    }

    /** The picture height a keyframe's first packet announces, or -1. */
    public int height() {
        return height;
    }
}
