package io.parley.bench.load;

import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;

/**
 * Makes one participant's media packets every 20 ms: one Opus-sized audio packet (RFC 7587, 20 ms
 * frames) and simulcast video as a browser sends it: three SSRCs, lowest first (320x180,
 * 640x360 and 1280x720 at a sixteenth, a quarter and all of the top bitrate), each sending a
 * frame every tick in packets of at most 1100 bytes. Video payloads start with a VP8 payload
 * descriptor (RFC 7741 §4.2); every second all layers send a keyframe whose first packet carries
 * the payload header, start code and picture size of RFC 6386 §9.1, since the server starts and
 * switches video at keyframes and learns layer sizes from them. Each payload ends with the send
 * time, which the receiver turns into end-to-end latency.
 */
final class MediaPacer {
    static final long AUDIO_SSRC_BASE = 0x10000000L;
    static final long VIDEO_SSRC_BASE = 0x20000000L;
    static final int AUDIO_PAYLOAD = 160;
    static final int VIDEO_PAYLOAD = 1100;
    static final int TICK_MILLIS = 20;
    private static final int KEYFRAME_INTERVAL_FRAMES = 1000 / TICK_MILLIS;
    /** Descriptor (2), VP8 keyframe header (10) and the send time (8) fit in every packet. */
    private static final int MIN_VIDEO_PAYLOAD = 2 + 10 + Long.BYTES;

    /** Layer bitrates relative to the top one, lowest layer first. */
    static final int[] LAYER_DIVISORS = {16, 4, 1};
    static final int[] LAYER_WIDTHS = {320, 640, 1280};
    static final int[] LAYER_HEIGHTS = {180, 360, 720};
    /** The layer a subscriber that says nothing of its tile gets: the largest. */
    static final int TOP_LAYER = LAYER_DIVISORS.length - 1;
    private static final long LAYER_SSRC_STEP = 0x01000000L;

    private final long audioSsrc;
    private final long[] videoSsrcs = new long[LAYER_DIVISORS.length];
    /** Packets per frame and payload bytes per packet of each layer. */
    private final int[] packetsPerFrame = new int[LAYER_DIVISORS.length];
    private final int[] payloadBytes = new int[LAYER_DIVISORS.length];
    private final int[] videoSeq = new int[LAYER_DIVISORS.length];
    private int audioSeq;
    private long audioTs;
    private long videoTs;
    private long videoFrames;

    MediaPacer(int index, int videoKbps) {
        audioSsrc = AUDIO_SSRC_BASE + index;
        for (int layer = 0; layer < LAYER_DIVISORS.length; layer++) {
            videoSsrcs[layer] = VIDEO_SSRC_BASE + layer * LAYER_SSRC_STEP + index;
            int frameBytes = (int) (videoKbps * 1000L / LAYER_DIVISORS[layer] / 8 * TICK_MILLIS / 1000);
            packetsPerFrame[layer] = Math.max(1, (frameBytes + VIDEO_PAYLOAD - 1) / VIDEO_PAYLOAD);
            payloadBytes[layer] = Math.max(MIN_VIDEO_PAYLOAD, frameBytes / packetsPerFrame[layer]);
        }
    }

    long audioSsrc() {
        return audioSsrc;
    }

    /** The simulcast SSRCs, lowest layer first, as an SSRC group declares them. */
    List<Long> videoSsrcs() {
        List<Long> out = new ArrayList<>();
        for (long s : videoSsrcs) {
            out.add(s);
        }
        return out;
    }

    /** Packets of one video layer in every frame. */
    int videoPackets(int layer) {
        return packetsPerFrame[layer];
    }

    void writeAudio(ByteBuf out, long nowNanos) {
        audioTs += 960;
        write(out, 111, audioSeq++, audioTs, audioSsrc, nowNanos, false);
        writePayload(out, AUDIO_PAYLOAD, nowNanos);
    }

    /** Call once per tick before the video packets: all layers share the frame clock. */
    void nextVideoFrame() {
        videoTs += 1800;
        videoFrames++;
    }

    /** Packet {@code index} of this tick's frame of {@code layer}. */
    void writeVideo(ByteBuf out, int layer, long nowNanos, int index) {
        boolean first = index == 0;
        write(out, 96, videoSeq[layer]++, videoTs, videoSsrcs[layer], nowNanos, index == packetsPerFrame[layer] - 1);
        boolean keyframe = videoFrames % KEYFRAME_INTERVAL_FRAMES == 1;
        // Descriptor: S (start of partition 0) on a frame's first packet.
        out.writeByte(first ? 0x10 : 0x00);
        int written = 1;
        if (first && keyframe) {
            // RFC 6386 §9.1: frame tag with P = 0 (keyframe), show_frame and a partition size,
            // the start code, then 14-bit width and height (no scaling), little-endian.
            out.writeByte(0x10).writeByte(0x02).writeByte(0x00)
                    .writeByte(0x9d).writeByte(0x01).writeByte(0x2a)
                    .writeShortLE(LAYER_WIDTHS[layer]).writeShortLE(LAYER_HEIGHTS[layer]);
            written += 10;
        } else if (first) {
            out.writeByte(0x11);
            written++;
        }
        writePayload(out, payloadBytes[layer] - written, nowNanos);
    }

    private static void write(ByteBuf out, int pt, int seq, long ts, long ssrc, long now, boolean marker) {
        out.writeByte(0x80).writeByte((marker ? 0x80 : 0) | pt).writeShort(seq).writeInt((int) ts)
                .writeInt((int) ssrc);
    }

    private static void writePayload(ByteBuf out, int bytes, long now) {
        out.writeZero(Math.max(0, bytes - Long.BYTES)).writeLong(now);
    }

    /** The send time a payload written here ends with. */
    static long sendTime(ByteBuf packet, int payloadOffset, int payloadLength) {
        return packet.getLong(payloadOffset + payloadLength - Long.BYTES);
    }
}
