package io.parley.core.room;

import io.parley.core.codec.FrameInfo;
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
    final KeyframeRequests keyframes = new KeyframeRequests();
    long bytes;
    private long bytesAtLastSample;
    /** What the publisher sends on this layer, bit/s, sampled once per report interval. */
    long bitrateBps;
    /** Bytes per temporal layer, to know what each temporal step down saves. */
    private final long[] temporalBytes = new long[FrameInfo.MAX_TEMPORAL_LAYERS];
    private final long[] temporalBytesAtLastSample = new long[FrameInfo.MAX_TEMPORAL_LAYERS];
    private final long[] temporalBitrateBps = new long[FrameInfo.MAX_TEMPORAL_LAYERS];
    /** Temporal layers seen (highest TID + 1), at least 1. */
    int temporalLayers = 1;

    Layer(int index, PacketCache cache) {
        this.index = index;
        this.cache = cache;
    }

    void received(int length, int temporalId) {
        bytes += length;
        temporalBytes[Math.min(temporalId, FrameInfo.MAX_TEMPORAL_LAYERS - 1)] += length;
        if (temporalId >= temporalLayers) {
            temporalLayers = Math.min(temporalId + 1, FrameInfo.MAX_TEMPORAL_LAYERS);
        }
    }

    void sampleBitrate(long elapsedNanos) {
        bitrateBps = rate(bytes - bytesAtLastSample, elapsedNanos);
        bytesAtLastSample = bytes;
        for (int t = 0; t < FrameInfo.MAX_TEMPORAL_LAYERS; t++) {
            temporalBitrateBps[t] = rate(temporalBytes[t] - temporalBytesAtLastSample[t], elapsedNanos);
            temporalBytesAtLastSample[t] = temporalBytes[t];
        }
    }

    /** What this layer's frames up to temporal layer {@code temporal} take, bit/s. */
    long bitrateBps(int temporal) {
        if (temporal >= temporalLayers - 1) {
            return bitrateBps;
        }
        long sum = 0;
        for (int t = 0; t <= temporal; t++) {
            sum += temporalBitrateBps[t];
        }
        return sum;
    }

    private static long rate(long bytes, long elapsedNanos) {
        return elapsedNanos <= 0 ? 0 : bytes * 8 * 1_000_000_000L / elapsedNanos;
    }

    boolean isActive(long nowNanos) {
        return ssrc >= 0 && lastPacketNanos != Long.MIN_VALUE && nowNanos - lastPacketNanos < ACTIVE_NANOS;
    }
}
