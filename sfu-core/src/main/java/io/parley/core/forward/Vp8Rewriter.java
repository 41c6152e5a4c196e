package io.parley.core.forward;

import io.netty.buffer.ByteBuf;
import io.parley.core.rtp.Vp8Descriptor;

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
    /**
     * The newest source PictureID seen since the switch, forwarded or left out, extended past its
     * wrap-arounds; -1 before the first.
     */
    private long newestSourcePicture = -1;
    /** Source pictures left out (extended), so that a late picture keeps its place. */
    private final SkippedNumbers skipped = new SkippedNumbers();
    /** The offsets the last packet rewritten got, for {@link #deltas()}. */
    private int usedDeltas;

    /** The next packet starts another layer: continue the numbering from the last one sent. */
    public void switchSource() {
        switching = true;
    }

    /**
     * A packet of the source is left out (its frame's temporal layer is not forwarded): when it
     * is a picture newer than the last one sent, the pictures after it move down by one, so the
     * subscriber's PictureIDs stay consecutive and its decoder does not wait for the missing one.
     */
    public void skip(ByteBuf buf, int at, int end) {
        int picture = Vp8Descriptor.pictureId(buf, at, end);
        if (picture < 0 || lastPictureId < 0 || switching) {
            return;
        }
        long extended = extend(picture, pictureMask(buf, at));
        if (extended > newestSourcePicture) {
            // Once per picture, however many packets it has, and only for a new one: a picture
            // lost on the way in is a gap the subscriber should see, not one to close.
            newestSourcePicture = extended;
            pictureDelta = (pictureDelta - 1) & 0x7FFF;
            skipped.add(extended);
        }
    }

    /**
     * For a late packet (one older than the newest of its source): whether its picture was left
     * out (1), went out (0), or is too old to tell (-1). A picture's packets share its fate.
     */
    public int leftOut(ByteBuf buf, int at, int end) {
        int picture = Vp8Descriptor.pictureId(buf, at, end);
        if (picture < 0 || newestSourcePicture < 0) {
            return 0;
        }
        return skipped.contains(extend(picture, pictureMask(buf, at)));
    }

    private static int pictureMask(ByteBuf buf, int at) {
        return (buf.getUnsignedByte(at + 2) & M) != 0 ? 0x7FFF : 0x7F;
    }

    /** A PictureID as the nearest extended value to the newest seen (RFC 3550 A.1 in spirit). */
    private long extend(int picture, int mask) {
        if (newestSourcePicture < 0) {
            return picture;
        }
        int half = (mask + 1) / 2;
        int d = (picture - (int) (newestSourcePicture & mask)) & mask;
        return newestSourcePicture + (d < half ? d : d - (mask + 1));
    }

    /** The PictureID and TL0PICIDX offsets the last packet rewritten got, packed for {@link #apply}. */
    public int deltas() {
        return usedDeltas;
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
        boolean late = false;
        if (state != null) {
            if (state.switching) {
                state.switching = false;
                state.pictureDelta = picture < 0 || state.lastPictureId < 0 ? 0 : (state.lastPictureId + 1 - picture) & 0x7FFF;
                state.tl0Delta = tl0 < 0 || state.lastTl0 < 0 ? 0 : (state.lastTl0 + 1 - tl0) & 0xFF;
                state.skipped.clear();
                state.newestSourcePicture = -1;
            }
            pictureDelta = state.pictureDelta;
            tl0Delta = state.tl0Delta;
            if (picture >= 0) {
                long extended = state.extend(picture, mask);
                if (extended >= state.newestSourcePicture) {
                    state.newestSourcePicture = extended;
                } else {
                    // A late picture: it keeps the number it would have had in order.
                    late = true;
                    int skips = state.skipped.between(extended, state.newestSourcePicture);
                    pictureDelta = (pictureDelta + Math.max(0, skips)) & 0x7FFF;
                }
            }
            state.usedDeltas = pictureDelta << 8 | tl0Delta;
        }
        if (picture >= 0) {
            picture = (picture + pictureDelta) & mask;
            if (longId) {
                buf.setShort(pictureAt, M << 8 | picture);
            } else {
                buf.setByte(pictureAt, picture);
            }
            if (state != null && !late) {
                state.lastPictureId = picture;
            }
        }
        if (tl0 >= 0) {
            tl0 = (tl0 + tl0Delta) & 0xFF;
            buf.setByte(tl0At, tl0);
            if (state != null && !late) {
                state.lastTl0 = tl0;
            }
        }
        return picture;
    }
}
