package io.parley.core.room;

import io.parley.core.rtp.RtpPacket;

/**
 * How loud an audio track is, from the RFC 6464 audio levels its packets carry: for telling who
 * is speaking. Touched only on the room's loop.
 */
final class Loudness {
    /** RFC 6464 §3: the level's 7 bits; the top bit is the voice activity flag. */
    private static final int LEVEL = 0x7F;
    /** The quietest level, -127 dBov. */
    private static final int SILENCE = 127;
    /** The exponential average's weight of a new packet: about ten packets, 200 ms of 20 ms frames. */
    private static final double WEIGHT = 0.1;

    /** 0 (silence) .. 127 (loudest). */
    private double value;

    /**
     * Takes in one packet's level, when it carries one in extension element {@code extensionId}
     * (0: not negotiated). RFC 6464 §3: the level is -dBov, 0 the loudest, 127 silence; averaging
     * keeps single loud packets from winning.
     */
    void hear(RtpPacket packet, int extensionId) {
        int at = extensionId > 0 ? packet.extensionOffset(extensionId) : -1;
        if (at < 0) {
            return;
        }
        int level = packet.buffer().getUnsignedByte(at) & LEVEL;
        value += ((SILENCE - level) - value) * WEIGHT;
    }

    /** Smoothed loudness, 0 (silence) .. 127 (loudest). */
    double value() {
        return value;
    }
}
