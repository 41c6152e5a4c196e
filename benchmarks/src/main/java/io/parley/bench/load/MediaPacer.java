package io.parley.bench.load;

import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;

/**
 * Makes one participant's media packets every 20 ms: one Opus-sized audio packet (RFC 7587, 20 ms
 * frames) and simulcast-shaped video: three SSRCs at the full bitrate, a quarter and a sixteenth
 * (as a browser's 720p/360p/180p layers), in 1100-byte packets. Video payloads start with a VP8
 * payload descriptor (RFC 7741 §4.2) and mark a keyframe every second, since the server starts and
 * resumes video at keyframes. Each payload ends with the send time, which the receiver turns into
 * end-to-end latency.
 */
final class MediaPacer {
    static final long AUDIO_SSRC_BASE = 0x10000000L;
    static final long VIDEO_SSRC_BASE = 0x20000000L;
    static final int AUDIO_PAYLOAD = 160;
    static final int VIDEO_PAYLOAD = 1100;
    static final int TICK_MILLIS = 20;
    private static final int KEYFRAME_INTERVAL_FRAMES = 1000 / TICK_MILLIS;

    /** Layer bitrates relative to the top one, highest first. */
    static final int[] LAYER_DIVISORS = {1, 4, 16};
    private static final long LAYER_SSRC_STEP = 0x01000000L;

    private final long audioSsrc;
    private final long[] videoSsrcs = new long[LAYER_DIVISORS.length];
    private final double[] videoPacketsPerTick = new double[LAYER_DIVISORS.length];
    private final double[] videoCredit = new double[LAYER_DIVISORS.length];
    private final int[] videoSeq = new int[LAYER_DIVISORS.length];
    private int audioSeq;
    private long audioTs;
    private long videoTs;
    private long videoFrames;

    MediaPacer(int index, int videoKbps) {
        audioSsrc = AUDIO_SSRC_BASE + index;
        for (int layer = 0; layer < LAYER_DIVISORS.length; layer++) {
            videoSsrcs[layer] = VIDEO_SSRC_BASE + layer * LAYER_SSRC_STEP + index;
            videoPacketsPerTick[layer] = videoKbps * 1000.0 / LAYER_DIVISORS[layer] / 8 / VIDEO_PAYLOAD
                    * TICK_MILLIS / 1000.0;
        }
    }

    long audioSsrc() {
        return audioSsrc;
    }

    /** The simulcast SSRCs, highest layer first (the one a subscriber receives for now). */
    List<Long> videoSsrcs() {
        List<Long> out = new ArrayList<>();
        for (long s : videoSsrcs) {
            out.add(s);
        }
        return out;
    }

    /** Number of packets of one video layer due this tick (credit carries fractions over). */
    int videoPacketsDue(int layer) {
        videoCredit[layer] += videoPacketsPerTick[layer];
        int n = (int) videoCredit[layer];
        videoCredit[layer] -= n;
        return n;
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

    void writeVideo(ByteBuf out, int layer, long nowNanos, boolean firstOfFrame, boolean lastOfFrame) {
        write(out, 96, videoSeq[layer]++, videoTs, videoSsrcs[layer], nowNanos, lastOfFrame);
        boolean keyframe = videoFrames % KEYFRAME_INTERVAL_FRAMES == 1;
        // Descriptor: S (start of partition 0) on a frame's first packet; header: P = 0 on keyframes.
        out.writeByte(firstOfFrame ? 0x10 : 0x00).writeByte(keyframe ? 0x00 : 0x01);
        writePayload(out, VIDEO_PAYLOAD - 2, nowNanos);
    }

    private static void write(ByteBuf out, int pt, int seq, long ts, long ssrc, long now, boolean marker) {
        out.writeByte(0x80).writeByte((marker ? 0x80 : 0) | pt).writeShort(seq).writeInt((int) ts)
                .writeInt((int) ssrc);
    }

    private static void writePayload(ByteBuf out, int bytes, long now) {
        out.writeZero(bytes - Long.BYTES).writeLong(now);
    }

    /** The send time a payload written here ends with. */
    static long sendTime(ByteBuf packet, int payloadOffset, int payloadLength) {
        return packet.getLong(payloadOffset + payloadLength - Long.BYTES);
    }
}
