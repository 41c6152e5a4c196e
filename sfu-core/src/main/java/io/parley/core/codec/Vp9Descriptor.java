package io.parley.core.codec;

import io.netty.buffer.ByteBuf;

/**
 * Reads the VP9 payload descriptor (RFC 9628 §4.2) that precedes every VP9 payload: the spatial
 * and temporal layer of the layer frame, where layer frames start and end, and, on keyframes, the
 * scalability structure with each spatial layer's resolution. An SFU picks the layers it forwards
 * from these fields alone, without decoding video.
 *
 * <p>A reusable, mutable view: {@link #parse} overwrites every field and allocates nothing, so one
 * instance can serve every packet of a stream.
 */
public final class Vp9Descriptor {
    /** RFC 9628 §4.2.1: N_S is 3 bits, so a scalability structure describes at most 8 layers. */
    public static final int MAX_SPATIAL_LAYERS = 8;

    private static final int I = 0x80;
    private static final int P = 0x40;
    private static final int L = 0x20;
    private static final int F = 0x10;
    private static final int B = 0x08;
    private static final int E = 0x04;
    private static final int V = 0x02;
    private static final int Z = 0x01;
    /** Picture ID octet: M, the 15-bit form follows. */
    private static final int M = 0x80;
    /** Reference index octet: N, another P_DIFF follows. */
    private static final int N = 0x01;
    /** RFC 9628 §4.2: "up to 3 times". */
    private static final int MAX_P_DIFFS = 3;
    /** SS octet: Y, resolutions present; G, picture group description present. */
    private static final int Y = 0x10;
    private static final int G = 0x08;

    private final PictureFields pictures = new PictureFields();
    private final int[] widths = new int[MAX_SPATIAL_LAYERS];
    private final int[] heights = new int[MAX_SPATIAL_LAYERS];
    private int flags;
    private int pictureId;
    private int temporalId;
    private boolean switchingUp;
    private int spatialId;
    private boolean interLayerDependency;
    private int tl0PicIdx;
    private int spatialLayers;
    private int length;

    /**
     * Parses the descriptor at the start of the payload {@code [at, end)}; the accessors then
     * describe this packet. Returns false when the payload is empty or the descriptor runs past
     * its end (or chains more than 3 P_DIFF octets): the accessors then read as an empty
     * descriptor, no flag set and {@link #length()} -1, so nothing is taken for a keyframe.
     */
    public boolean parse(ByteBuf buf, int at, int end) {
        if (read(buf, at, end)) {
            locatePictures(buf, at);
            return true;
        }
        flags = 0;
        spatialLayers = 0;
        length = -1;
        return false;
    }

    private boolean read(ByteBuf buf, int at, int end) {
        pictures.clear();
        spatialLayers = 0;
        pictureId = -1;
        tl0PicIdx = -1;
        temporalId = 0;
        spatialId = 0;
        switchingUp = false;
        interLayerDependency = false;
        if (at >= end) {
            return false;
        }
        int p = at;
        flags = buf.getUnsignedByte(p++);
        if ((flags & I) != 0) {
            if (p >= end) {
                return false;
            }
            int pid = buf.getUnsignedByte(p++);
            if ((pid & M) != 0) {
                if (p >= end) {
                    return false;
                }
                pid = (pid & 0x7F) << 8 | buf.getUnsignedByte(p++);
            }
            pictureId = pid;
        }
        if ((flags & L) != 0) {
            // Layer indices: | TID:3 | U | SID:3 | D |, then TL0PICIDX in non-flexible mode only.
            if (p >= end) {
                return false;
            }
            int layer = buf.getUnsignedByte(p++);
            temporalId = layer >> 5;
            switchingUp = (layer & 0x10) != 0;
            spatialId = (layer >> 1) & 0x07;
            interLayerDependency = (layer & 0x01) != 0;
            if ((flags & F) == 0) {
                if (p >= end) {
                    return false;
                }
                tl0PicIdx = buf.getUnsignedByte(p++);
            }
        }
        if ((flags & (F | P)) == (F | P)) {
            // Flexible mode names the pictures an inter-predicted frame references: 1 to 3 P_DIFF
            // octets chained by N. Layer selection does not need them, so they are skipped.
            int pDiffs = 0;
            boolean more;
            do {
                if (p >= end || pDiffs == MAX_P_DIFFS) {
                    return false;
                }
                more = (buf.getUnsignedByte(p++) & N) != 0;
                pDiffs++;
            } while (more);
        }
        if ((flags & V) != 0) {
            p = scalabilityStructure(buf, p, end);
            if (p < 0) {
                return false;
            }
        }
        length = p - at;
        return true;
    }

    /** PictureID right after the first octet, TL0PICIDX after it and the layer indices. */
    private void locatePictures(ByteBuf buf, int at) {
        int p = 1;
        if (pictureId >= 0) {
            pictures.setPictureId(buf, at, p);
            p += (buf.getUnsignedByte(at + p) & M) != 0 ? 2 : 1;
        }
        if (tl0PicIdx >= 0) {
            pictures.setTl0PicIdx(buf, at, p + 1);
        }
    }

    /**
     * RFC 9628 §4.2.1: | N_S:3 | Y | G | -:3 |, N_S + 1 resolutions (16-bit width, height) when Y,
     * then when G the picture group: N_G, and per picture | TID:3 | U | R:2 | -:2 | with R P_DIFF
     * octets. Returns the index after the structure, or -1 when it runs past {@code end}.
     */
    private int scalabilityStructure(ByteBuf buf, int p, int end) {
        if (p >= end) {
            return -1;
        }
        int ss = buf.getUnsignedByte(p++);
        int layers = (ss >> 5) + 1;
        if ((ss & Y) != 0) {
            if (p + 4 * layers > end) {
                return -1;
            }
            for (int i = 0; i < layers; i++, p += 4) {
                widths[i] = buf.getUnsignedShort(p);
                heights[i] = buf.getUnsignedShort(p + 2);
            }
        } else {
            for (int i = 0; i < layers; i++) {
                widths[i] = -1;
                heights[i] = -1;
            }
        }
        if ((ss & G) != 0) {
            if (p >= end) {
                return -1;
            }
            int pictures = buf.getUnsignedByte(p++);
            for (int i = 0; i < pictures; i++) {
                if (p >= end) {
                    return -1;
                }
                int references = (buf.getUnsignedByte(p) >> 2) & 0x03;
                p += 1 + references;
                if (p > end) {
                    return -1;
                }
            }
        }
        spatialLayers = layers;
        return p;
    }

    /** Octets of the descriptor: the VP9 frame data starts this far into the payload. */
    public int length() {
        return length;
    }

    /** P: the layer frame predicts from earlier pictures of its own spatial layer. */
    public boolean interPicturePredicted() {
        return (flags & P) != 0;
    }

    /** F: flexible mode, where references are named per packet instead of by a picture group. */
    public boolean flexibleMode() {
        return (flags & F) != 0;
    }

    /** B: the payload starts a layer frame (one spatial layer of one picture). */
    public boolean startOfFrame() {
        return (flags & B) != 0;
    }

    /** E: the payload ends a layer frame; with spatial layers, more of the picture may follow. */
    public boolean endOfFrame() {
        return (flags & E) != 0;
    }

    /**
     * Z: no higher spatial layer of this picture predicts from this layer frame, so a receiver of
     * a higher layer may drop it.
     */
    public boolean notUpperLayerReference() {
        return (flags & Z) != 0;
    }

    /** Whether the descriptor carried layer indices (L); without them the stream is not layered. */
    public boolean hasLayerIndices() {
        return (flags & L) != 0;
    }

    /** The picture ID (7 or 15 bits), or -1 when absent. */
    public int pictureId() {
        return pictureId;
    }

    /** The descriptor's PictureID and TL0PICIDX and where they are; none when it could not be read. */
    public PictureFields pictures() {
        return pictures;
    }

    /** TID, 0 without layer indices. */
    public int temporalId() {
        return temporalId;
    }

    /**
     * U: a switching up point. Frames of the higher temporal layers that follow reference no frame
     * above this one's TID sent before it, so a receiver may switch up to a higher frame rate here
     * (RFC 9628 §4.2).
     */
    public boolean switchingUpPoint() {
        return switchingUp;
    }

    /** SID, 0 without layer indices. */
    public int spatialId() {
        return spatialId;
    }

    /** D: the layer frame predicts from the next lower spatial layer's frame of the same picture. */
    public boolean interLayerDependency() {
        return interLayerDependency;
    }

    /** TL0PICIDX (non-flexible mode with layer indices), or -1 when absent. */
    public int tl0PicIdx() {
        return tl0PicIdx;
    }

    /**
     * Whether the packet starts a keyframe: the first packet (B) of a base spatial layer frame
     * (SID 0) that uses no inter-picture prediction (P clear). RFC 9628 §4.2: a layer frame with P
     * clear still may predict from the lower spatial layer of its picture (D), so among the layer
     * frames of a picture only the one of SID 0, which has no lower layer, is decodable with
     * nothing before it. The upper layers of that picture build on it, which is why a receiver
     * resumes at this packet whatever spatial layer it wants.
     */
    public boolean isKeyframe() {
        return (flags & (B | P)) == B && spatialId == 0;
    }

    /** Whether the packet carried a scalability structure (V), as the first packet of a keyframe does. */
    public boolean hasScalabilityStructure() {
        return spatialLayers > 0;
    }

    /** N_S + 1 from the scalability structure: the stream's spatial layers; 0 without one. */
    public int spatialLayerCount() {
        return spatialLayers;
    }

    /** Width in pixels of spatial layer {@code sid} per the scalability structure, or -1 when not given. */
    public int width(int sid) {
        return sid >= 0 && sid < spatialLayers ? widths[sid] : -1;
    }

    /** Height in pixels of spatial layer {@code sid} per the scalability structure, or -1 when not given. */
    public int height(int sid) {
        return sid >= 0 && sid < spatialLayers ? heights[sid] : -1;
    }
}
