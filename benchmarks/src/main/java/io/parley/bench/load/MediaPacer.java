package io.parley.bench.load;

import io.netty.buffer.ByteBuf;

/**
 * Makes one participant's media packets every 20 ms: one Opus-sized audio packet (RFC 7587, 20 ms
 * frames) and as many 1100-byte video packets as the bitrate needs. Each payload starts with the
 * send time, which the receiver turns into end-to-end latency.
 */
final class MediaPacer {
    static final long AUDIO_SSRC_BASE = 0x10000000L;
    static final long VIDEO_SSRC_BASE = 0x20000000L;
    static final int AUDIO_PAYLOAD = 160;
    static final int VIDEO_PAYLOAD = 1100;
    static final int TICK_MILLIS = 20;

    private final long audioSsrc;
    private final long videoSsrc;
    private final double videoPacketsPerTick;
    private int audioSeq;
    private int videoSeq;
    private long audioTs;
    private long videoTs;
    private double videoCredit;

    MediaPacer(int index, int videoKbps) {
        audioSsrc = AUDIO_SSRC_BASE + index;
        videoSsrc = VIDEO_SSRC_BASE + index;
        videoPacketsPerTick = videoKbps * 1000.0 / 8 / VIDEO_PAYLOAD * TICK_MILLIS / 1000.0;
    }

    long audioSsrc() {
        return audioSsrc;
    }

    long videoSsrc() {
        return videoSsrc;
    }

    /** Number of video packets due this tick (credit carries fractions over). */
    int videoPacketsDue() {
        videoCredit += videoPacketsPerTick;
        int n = (int) videoCredit;
        videoCredit -= n;
        return n;
    }

    void writeAudio(ByteBuf out, long nowNanos) {
        audioTs += 960;
        write(out, 111, audioSeq++, audioTs, audioSsrc, AUDIO_PAYLOAD, nowNanos, false);
    }

    void writeVideo(ByteBuf out, long nowNanos, boolean lastOfFrame) {
        if (lastOfFrame) {
            videoTs += 3000;
        }
        write(out, 96, videoSeq++, videoTs, videoSsrc, VIDEO_PAYLOAD, nowNanos, lastOfFrame);
    }

    private static void write(ByteBuf out, int pt, int seq, long ts, long ssrc, int payload, long now,
                              boolean marker) {
        out.writeByte(0x80).writeByte((marker ? 0x80 : 0) | pt).writeShort(seq).writeInt((int) ts)
                .writeInt((int) ssrc).writeLong(now);
        out.writeZero(payload - 8);
    }
}
