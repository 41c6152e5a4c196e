package io.parley.core.forward;

import io.netty.buffer.ByteBuf;

/**
 * Keeps the picture numbering of a VP8 or VP9 payload descriptor (RFC 7741 §4.2, RFC 9628 §4.2)
 * continuous for one subscriber across layer switches and left-out pictures: each simulcast
 * layer numbers its pictures (PictureID) and base-layer frames (TL0PICIDX) on its own, and a
 * receiver that sees the number jump back takes the new layer's frames for old ones and drops
 * them. After a switch the numbers continue right after the last ones sent. Rewrites in place, in
 * the subscriber's copy. Not thread-safe.
 */
public final class PictureNumbering {
    /** Where a payload format keeps its picture numbers. */
    public enum Format {
        /** RFC 7741 §4.2: X, then I and L in the extension octet; PictureID, then TL0PICIDX. */
        VP8,
        /** RFC 9628 §4.2: I, L and F in the first octet; PictureID, layer indices, TL0PICIDX. */
        VP9
    }

    private static final int M = 0x80;
    /** {@link #locate}: offsets are stored plus one, 0 meaning absent. */
    private static final int LONG_ID = 1 << 16;

    private final Format format;

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
    private final RecentNumbers skipped = new RecentNumbers();
    /** Source pictures sent (extended), so that a late packet of one goes out too. */
    private final RecentNumbers sent = new RecentNumbers();
    /** The offsets the last packet rewritten got, for {@link #deltas()}. */
    private int usedDeltas;

    /** The next packet starts another layer: continue the numbering from the last one sent. */
    public void switchSource() {
        switching = true;
    }

    public PictureNumbering(Format format) {
        this.format = format;
    }

    /**
     * A packet of the source is left out (its frame's temporal layer is not forwarded). For VP8,
     * when it is a picture newer than the last one sent, the pictures after it move down by one,
     * so the subscriber's PictureIDs stay consecutive and its decoder does not wait for the
     * missing one. VP9's PictureIDs keep their gaps: its references (P_DIFF, RFC 9628 §4.2) and
     * picture groups count in them, and receivers expect upper layers to go missing.
     */
    public void skip(ByteBuf buf, int at, int end) {
        int where = locate(format, buf, at, end);
        int picture = pictureId(buf, at, where);
        if (picture < 0 || lastPictureId < 0 || switching) {
            return;
        }
        long extended = extend(picture, mask(where));
        if (extended > newestSourcePicture) {
            // Once per picture, however many packets it has, and only for a new one: a picture
            // lost on the way in is a gap the subscriber should see, not one to close.
            newestSourcePicture = extended;
            skipped.add(extended);
            if (format == Format.VP8) {
                pictureDelta = (pictureDelta - 1) & 0x7FFF;
            }
        }
    }

    /** {@link #fate}: the packet's picture went out. */
    public static final int SENT = 0;
    /** {@link #fate}: the packet's picture was left out. */
    public static final int LEFT_OUT = 1;
    /** {@link #fate}: not known (no PictureID, or too old, or never seen). */
    public static final int UNKNOWN = -1;

    /**
     * For a late packet (one older than the newest of its source): what became of its picture.
     * A picture's packets share its fate.
     */
    public int fate(ByteBuf buf, int at, int end) {
        int where = locate(format, buf, at, end);
        int picture = pictureId(buf, at, where);
        if (picture < 0 || newestSourcePicture < 0) {
            return UNKNOWN;
        }
        long extended = extend(picture, mask(where));
        if (skipped.contains(extended) == 1) {
            return LEFT_OUT;
        }
        return sent.contains(extended) == 1 ? SENT : UNKNOWN;
    }

    /**
     * Where the descriptor at {@code at} keeps its PictureID and TL0PICIDX: their offsets from
     * {@code at} plus one in bits 0-7 and 8-15 (0: absent), {@link #LONG_ID} for a 15-bit
     * PictureID; -1 when the payload ends inside them.
     */
    private static int locate(Format format, ByteBuf buf, int at, int end) {
        if (at >= end) {
            return -1;
        }
        int first = buf.getUnsignedByte(at);
        boolean hasPicture;
        boolean hasTl0;
        int p;
        if (format == Format.VP8) {
            if ((first & 0x80) == 0) {
                return 0;
            }
            if (at + 1 >= end) {
                return -1;
            }
            int ext = buf.getUnsignedByte(at + 1);
            hasPicture = (ext & 0x80) != 0;
            hasTl0 = (ext & 0x40) != 0;
            p = at + 2;
        } else {
            // TL0PICIDX only with layer indices in non-flexible mode (L set, F clear).
            hasPicture = (first & 0x80) != 0;
            hasTl0 = (first & 0x30) == 0x20;
            p = at + 1;
        }
        int where = 0;
        if (hasPicture) {
            if (p >= end) {
                return -1;
            }
            boolean longId = (buf.getUnsignedByte(p) & M) != 0;
            where = (p - at + 1) | (longId ? LONG_ID : 0);
            p += longId ? 2 : 1;
        }
        if (format == Format.VP9 && (first & 0x20) != 0) {
            p++;
        }
        if (hasTl0) {
            if (p >= end) {
                return -1;
            }
            where |= (p - at + 1) << 8;
        } else if (p > end) {
            return -1;
        }
        return where;
    }

    private static int pictureId(ByteBuf buf, int at, int where) {
        if (where <= 0 || (where & 0xFF) == 0) {
            return -1;
        }
        int p = at + (where & 0xFF) - 1;
        return (where & LONG_ID) != 0 ? buf.getUnsignedShort(p) & 0x7FFF : buf.getUnsignedByte(p) & 0x7F;
    }

    private static int mask(int where) {
        return (where & LONG_ID) != 0 ? 0x7FFF : 0x7F;
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
    public static void apply(Format format, ByteBuf buf, int at, int end, int deltas) {
        edit(format, buf, at, end, deltas >>> 8, deltas & 0xFF, null);
    }

    /**
     * Rewrites the descriptor at {@code at} (the payload's first byte) of the next packet sent.
     * Returns the PictureID now written, or -1 when the packet carries none.
     */
    public int rewrite(ByteBuf buf, int at, int end) {
        return edit(format, buf, at, end, -1, -1, this);
    }

    private static int edit(Format format, ByteBuf buf, int at, int end, int fixedPictureDelta, int fixedTl0Delta,
                            PictureNumbering state) {
        int where = locate(format, buf, at, end);
        if (where <= 0) {
            return -1;
        }
        int pictureAt = (where & 0xFF) == 0 ? -1 : at + (where & 0xFF) - 1;
        int tl0At = ((where >> 8) & 0xFF) == 0 ? -1 : at + ((where >> 8) & 0xFF) - 1;
        boolean longId = (where & LONG_ID) != 0;
        int mask = mask(where);
        int picture = pictureId(buf, at, where);
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
                state.sent.clear();
                state.newestSourcePicture = -1;
            }
            pictureDelta = state.pictureDelta;
            tl0Delta = state.tl0Delta;
            if (picture >= 0) {
                long extended = state.extend(picture, mask);
                if (extended > state.newestSourcePicture || state.newestSourcePicture < 0) {
                    state.newestSourcePicture = extended;
                    state.sent.add(extended);
                } else if (extended < state.newestSourcePicture) {
                    // A late picture: it keeps the number it would have had in order.
                    late = true;
                    if (format == Format.VP8) {
                        int skips = state.skipped.between(extended, state.newestSourcePicture);
                        pictureDelta = (pictureDelta + Math.max(0, skips)) & 0x7FFF;
                    }
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
