package io.parley.core.room;

import io.parley.core.repair.PacketCache;

/**
 * One RTP stream of a track: its only stream, or one simulcast layer (RFC 8853), numbered from
 * the lowest resolution up. Touched only on the room's loop.
 */
final class Layer {
    /** A layer that sent nothing for this long is taken as paused by its publisher. */
    static final long ACTIVE_NANOS = 1_000_000_000L;

    final int index;
    /** Recently forwarded packets for subscribers' NACKs; null for audio or with NACK off. */
    final PacketCache cache;
    long ssrc = -1;
    /** Picture height from its last keyframe, 0 while unknown. */
    int height;
    long lastPacketNanos = Long.MIN_VALUE;
    long lastKeyframeRequestNanos;
    /** A keyframe was asked for and has not arrived: the request is repeated until it does. */
    boolean keyframeWanted;
    long bytes;
    private long bytesAtLastSample;
    /** What the publisher sends on this layer, bit/s, sampled once per report interval. */
    long bitrateBps;

    Layer(int index, PacketCache cache) {
        this.index = index;
        this.cache = cache;
    }

    void sampleBitrate(long elapsedNanos) {
        bitrateBps = elapsedNanos <= 0 ? 0 : (bytes - bytesAtLastSample) * 8 * 1_000_000_000L / elapsedNanos;
        bytesAtLastSample = bytes;
    }

    boolean isActive(long nowNanos) {
        return ssrc >= 0 && lastPacketNanos != Long.MIN_VALUE && nowNanos - lastPacketNanos < ACTIVE_NANOS;
    }
}
