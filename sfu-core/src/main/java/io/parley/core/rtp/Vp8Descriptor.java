package io.parley.core.rtp;

import io.netty.buffer.ByteBuf;

/**
 * Reads the VP8 payload descriptor (RFC 7741 §4.2) that precedes every VP8 payload: where a frame
 * starts, its temporal layer and whether it is a layer sync point. Temporal scalability lets an
 * SFU thin a stream by dropping the frames of the upper temporal layers, which nothing in the
 * lower layers references (RFC 7741 §4.2, TID). Reads in place, allocates nothing.
 */
public final class Vp8Descriptor {
    private static final int X = 0x80;
    private static final int S = 0x10;
    private static final int PARTITION_INDEX = 0x07;
    private static final int I = 0x80;
    private static final int L = 0x40;
    private static final int T = 0x20;
    private static final int K = 0x10;
    private static final int M = 0x80;
    private static final int Y = 0x20;
    /** {@link #tidByte}: the descriptor has no TID byte. */
    private static final int NONE = -2;

    private Vp8Descriptor() {
    }

    /**
     * Whether the payload starts a frame: the start of partition 0 (S set, PID 0). A malformed or
     * empty payload does not.
     */
    public static boolean startsFrame(ByteBuf buf, int at, int end) {
        if (length(buf, at, end) < 0) {
            return false;
        }
        int first = buf.getUnsignedByte(at);
        return (first & S) != 0 && (first & PARTITION_INDEX) == 0;
    }

    /** The frame's temporal layer (TID): 0 when the descriptor has none, -1 when malformed. */
    public static int temporalId(ByteBuf buf, int at, int end) {
        int p = tidByte(buf, at, end);
        return p == NONE ? 0 : p < 0 ? -1 : buf.getUnsignedByte(p) >> 6;
    }

    /**
     * The Y bit: the frame references only the base temporal layer's frames, so a receiver can
     * start receiving the frame's temporal layer here (RFC 7741 §4.2). False without a TID byte.
     */
    public static boolean layerSync(ByteBuf buf, int at, int end) {
        int p = tidByte(buf, at, end);
        return p >= 0 && (buf.getUnsignedByte(p) & Y) != 0;
    }

    /** The PictureID (7 or 15 bits), or -1 when absent or malformed. */
    public static int pictureId(ByteBuf buf, int at, int end) {
        if (length(buf, at, end) < 0 || (buf.getUnsignedByte(at) & X) == 0
                || (buf.getUnsignedByte(at + 1) & I) == 0) {
            return -1;
        }
        int p = at + 2;
        return (buf.getUnsignedByte(p) & M) == 0 ? buf.getUnsignedByte(p) : buf.getUnsignedShort(p) & 0x7FFF;
    }

    /** The descriptor's length in bytes, or -1 when the payload ends inside it. */
    public static int length(ByteBuf buf, int at, int end) {
        if (at >= end) {
            return -1;
        }
        if ((buf.getUnsignedByte(at) & X) == 0) {
            return 1;
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
        return p <= end ? p - at : -1;
    }

    /** Index of the TID/Y/KEYIDX byte, {@link #NONE} if the descriptor has none, -1 if malformed. */
    private static int tidByte(ByteBuf buf, int at, int end) {
        int length = length(buf, at, end);
        if (length < 0) {
            return -1;
        }
        int ext = (buf.getUnsignedByte(at) & X) == 0 ? 0 : buf.getUnsignedByte(at + 1);
        // With K set but T clear the TID bits are not meaningful (RFC 7741 §4.2): base layer.
        return (ext & T) != 0 ? at + length - 1 : NONE;
    }
}
