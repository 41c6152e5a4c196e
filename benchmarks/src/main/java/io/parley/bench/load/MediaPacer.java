package io.parley.bench.load;

import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;

/**
 * Makes one participant's media packets every 20 ms: one Opus-sized audio packet (RFC 7587, 20 ms
 * frames) and simulcast-shaped video: three SSRCs at the full bitrate, a quarter and a sixteenth
 * (as a browser's 720p/360p/180p layers), in 1100-byte packets. Each payload starts with the send
 * time, which the receiver turns into end-to-end latency.
 */
final class MediaPacer {
    static final long AUDIO_SSRC_BASE = 0x10000000L;
    static final long VIDEO_SSRC_BASE = 0x20000000L;
    static final int AUDIO_PAYLOAD = 160;
    static final int VIDEO_PAYLOAD = 1100;
    static final int TICK_MILLIS = 20;

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
        write(out, 111, audioSeq++, audioTs, audioSsrc, AUDIO_PAYLOAD, nowNanos, false);
    }

    /** Call once per tick before the video packets: all layers share the frame clock. */
    void nextVideoFrame() {
        videoTs += 1800;
    }

    void writeVideo(ByteBuf out, int layer, long nowNanos, boolean lastOfFrame) {
        write(out, 96, videoSeq[layer]++, videoTs, videoSsrcs[layer], VIDEO_PAYLOAD, nowNanos, lastOfFrame);
    }

    private static void write(ByteBuf out, int pt, int seq, long ts, long ssrc, int payload, long now,
                              boolean marker) {
        out.writeByte(0x80).writeByte((marker ? 0x80 : 0) | pt).writeShort(seq).writeInt((int) ts)
                .writeInt((int) ssrc).writeLong(now);
        out.writeZero(payload - 8);
    }
}
