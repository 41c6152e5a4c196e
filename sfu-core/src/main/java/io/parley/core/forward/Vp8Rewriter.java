package io.parley.core.forward;

import io.netty.buffer.ByteBuf;

/**
 * Keeps the VP8 payload descriptor (RFC 7741 §4.2) continuous for one subscriber across layer
 * switches: each simulcast layer numbers its pictures (PictureID) and base-layer frames
 * (TL0PICIDX) on its own, and a receiver that sees the number jump back takes the new layer's
 * frames for old ones and drops them. After a switch the numbers continue right after the last
 * ones sent. Rewrites in place, in the subscriber's copy. Not thread-safe.
 */
public final class Vp8Rewriter {
    private static final int X = 0x80;
    private static final int I = 0x80;
    private static final int L = 0x40;
    private static final int M = 0x80;

    private boolean switching;
    private int pictureDelta;
    private int tl0Delta;
    private int lastPictureId = -1;
    private int lastTl0 = -1;

    /** The next packet starts another layer: continue the numbering from the last one sent. */
    public void switchSource() {
        switching = true;
    }

    /** The current PictureID and TL0PICIDX offsets packed in one int, for {@link #apply}. */
    public int deltas() {
        return pictureDelta << 8 | tl0Delta;
    }

    /**
     * Rewrites a packet sent before (a retransmission) with the offsets it had then, from
     * {@link #deltas()}; the numbering state is left alone.
     */
    public static void apply(ByteBuf buf, int at, int end, int deltas) {
        edit(buf, at, end, deltas >>> 8, deltas & 0xFF, null);
    }

    /**
     * Rewrites the descriptor at {@code at} (the payload's first byte) of the next packet sent.
     * Returns the PictureID now written, or -1 when the packet carries none.
     */
    public int rewrite(ByteBuf buf, int at, int end) {
        return edit(buf, at, end, -1, -1, this);
    }

    private static int edit(ByteBuf buf, int at, int end, int fixedPictureDelta, int fixedTl0Delta, Vp8Rewriter state) {
        if (at >= end || (buf.getUnsignedByte(at) & X) == 0 || at + 1 >= end) {
            return -1;
        }
        int ext = buf.getUnsignedByte(at + 1);
        int p = at + 2;
        int pictureAt = -1;
        boolean longId = false;
        if ((ext & I) != 0) {
            if (p >= end) {
                return -1;
            }
            pictureAt = p;
            longId = (buf.getUnsignedByte(p) & M) != 0;
            p += longId ? 2 : 1;
        }
        int tl0At = (ext & L) != 0 && p < end ? p : -1;
        if (pictureAt >= 0 && pictureAt + (longId ? 1 : 0) >= end) {
            return -1;
        }
        int mask = longId ? 0x7FFF : 0x7F;
        int picture = pictureAt < 0 ? -1
                : longId ? buf.getUnsignedShort(pictureAt) & 0x7FFF : buf.getUnsignedByte(pictureAt) & 0x7F;
        int tl0 = tl0At < 0 ? -1 : buf.getUnsignedByte(tl0At);
        int pictureDelta = fixedPictureDelta;
        int tl0Delta = fixedTl0Delta;
        if (state != null) {
            if (state.switching) {
                state.switching = false;
                state.pictureDelta = picture < 0 || state.lastPictureId < 0 ? 0 : (state.lastPictureId + 1 - picture) & 0x7FFF;
                state.tl0Delta = tl0 < 0 || state.lastTl0 < 0 ? 0 : (state.lastTl0 + 1 - tl0) & 0xFF;
            }
            pictureDelta = state.pictureDelta;
            tl0Delta = state.tl0Delta;
        }
        if (picture >= 0) {
            picture = (picture + pictureDelta) & mask;
            if (longId) {
                buf.setShort(pictureAt, M << 8 | picture);
            } else {
                buf.setByte(pictureAt, picture);
            }
            if (state != null) {
                state.lastPictureId = picture;
            }
        }
        if (tl0 >= 0) {
            tl0 = (tl0 + tl0Delta) & 0xFF;
            buf.setByte(tl0At, tl0);
            if (state != null) {
                state.lastTl0 = tl0;
            }
        }
        return picture;
    }
}
