package io.parley.core.room;

/**
 * How a room treats media, from config.
 *
 * @param nack           answer subscribers' NACKs from a packet cache and NACK publishers' losses
 *                       (RFC 4585 §6.2.1); off, loss is left to keyframe requests
 * @param cachePackets   video packets kept per track for retransmission, a power of two
 * @param cacheAgeMillis how long a cached packet is still worth retransmitting
 */
public record MediaSettings(boolean nack, int cachePackets, int cacheAgeMillis) {
    public MediaSettings {
        if (cachePackets <= 0 || Integer.bitCount(cachePackets) != 1 || cachePackets > 0x8000) {
            throw new IllegalArgumentException("cache packets must be a power of two up to 32768: " + cachePackets);
        }
        if (cacheAgeMillis <= 0) {
            throw new IllegalArgumentException("cache age must be positive: " + cacheAgeMillis);
        }
    }

    public static MediaSettings defaults() {
        return new MediaSettings(true, 512, 1000);
    }
}
