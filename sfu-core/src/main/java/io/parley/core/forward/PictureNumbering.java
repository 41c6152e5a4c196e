package io.parley.core.forward;

import io.netty.buffer.ByteBuf;
import io.parley.core.codec.PictureFields;
import io.parley.core.codec.VideoCodec;

/**
 * Keeps the picture numbering of a VP8 or VP9 payload descriptor (RFC 7741 §4.2, RFC 9628 §4.2)
 * continuous for one subscriber across layer switches and left-out pictures: each simulcast
 * layer numbers its pictures (PictureID) and base-layer frames (TL0PICIDX) on its own, and a
 * receiver that sees the number jump back takes the new layer's frames for old ones and drops
 * them. After a switch the numbers continue right after the last ones sent. Works on the picture
 * numbers as the format's reader found them ({@link PictureFields}) and rewrites them in place, in
 * the subscriber's copy. Not thread-safe.
 */
public final class PictureNumbering {
    /** Whether pictures left out move the later ones down ({@link VideoCodec#closesPictureGaps()}). */
    private final boolean closesGaps;

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

    /** @param codec VP8 or VP9, a format that {@link VideoCodec#numbersPictures() numbers pictures} */
    public PictureNumbering(VideoCodec codec) {
        this.closesGaps = codec.closesPictureGaps();
    }

    /**
     * A packet of the source is left out (its frame's temporal layer is not forwarded). For VP8,
     * when it is a picture newer than the last one sent, the pictures after it move down by one,
     * so the subscriber's PictureIDs stay consecutive and its decoder does not wait for the
     * missing one; VP9's keep their gaps ({@link VideoCodec#closesPictureGaps()}).
     */
    public void skip(PictureFields fields) {
        int picture = fields.pictureId();
        if (picture < 0 || lastPictureId < 0 || switching) {
            return;
        }
        long extended = extend(picture, fields.pictureIdMask());
        if (extended > newestSourcePicture) {
            // Once per picture, however many packets it has, and only for a new one: a picture
            // lost on the way in is a gap the subscriber should see, not one to close.
            newestSourcePicture = extended;
            skipped.add(extended);
            if (closesGaps) {
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
    public int fate(PictureFields fields) {
        int picture = fields.pictureId();
        if (picture < 0 || newestSourcePicture < 0) {
            return UNKNOWN;
        }
        long extended = extend(picture, fields.pictureIdMask());
        if (skipped.contains(extended) == 1) {
            return LEFT_OUT;
        }
        return sent.contains(extended) == 1 ? SENT : UNKNOWN;
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
     * Rewrites a packet sent before (a retransmission), whose copy's payload starts at {@code at},
     * with the offsets it had then, from {@link #deltas()}; the numbering state is left alone.
     */
    public static void apply(PictureFields fields, ByteBuf buf, int at, int deltas) {
        edit(fields, buf, at, deltas >>> 8, deltas & 0xFF, null);
    }

    /**
     * Rewrites the picture numbers of the next packet sent in its copy, whose payload starts at
     * {@code at}. Returns the PictureID now written, or -1 when the packet carries none.
     */
    public int rewrite(PictureFields fields, ByteBuf buf, int at) {
        return edit(fields, buf, at, -1, -1, this);
    }

    private static int edit(PictureFields fields, ByteBuf buf, int at, int fixedPictureDelta, int fixedTl0Delta,
                            PictureNumbering state) {
        if (!fields.any()) {
            return -1;
        }
        int mask = fields.pictureIdMask();
        int picture = fields.pictureId();
        int tl0 = fields.tl0PicIdx();
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
                    if (state.closesGaps) {
                        int skips = state.skipped.between(extended, state.newestSourcePicture);
                        pictureDelta = (pictureDelta + Math.max(0, skips)) & 0x7FFF;
                    }
                }
            }
            state.usedDeltas = pictureDelta << 8 | tl0Delta;
        }
        if (picture >= 0) {
            picture = (picture + pictureDelta) & mask;
            fields.writePictureId(buf, at, picture);
            if (state != null && !late) {
                state.lastPictureId = picture;
            }
        }
        if (tl0 >= 0) {
            tl0 = (tl0 + tl0Delta) & 0xFF;
            fields.writeTl0PicIdx(buf, at, tl0);
            if (state != null && !late) {
                state.lastTl0 = tl0;
            }
        }
        return picture;
    }
}
