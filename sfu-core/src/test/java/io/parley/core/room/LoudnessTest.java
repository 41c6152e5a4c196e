package io.parley.core.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.parley.core.rtp.RtpPacket;
import org.junit.jupiter.api.Test;

/** Smoothed loudness from RFC 6464 audio levels. */
class LoudnessTest {
    private static final int AUDIO_LEVEL = 3;
    private final Loudness loudness = new Loudness();

    @Test
    void loudPacketsRaiseItAndSilenceLowersItGradually() {
        assertEquals(0, loudness.value());
        loudness.hear(packet(0), AUDIO_LEVEL);
        assertEquals(12.7, loudness.value(), 1e-9, "a tenth of the way to the loudest");
        for (int i = 0; i < 50; i++) {
            loudness.hear(packet(0x80 | 30), AUDIO_LEVEL);
        }
        assertEquals(97, loudness.value(), 0.5, "-30 dBov; the voice activity bit is not part of the level");
        loudness.hear(packet(127), AUDIO_LEVEL);
        assertTrue(loudness.value() > 85 && loudness.value() < 97, "one silent packet does not silence it");
    }

    @Test
    void packetsWithoutALevelChangeNothing() {
        loudness.hear(packet(0), AUDIO_LEVEL);
        double before = loudness.value();
        loudness.hear(packet(0), AUDIO_LEVEL + 1);
        loudness.hear(packet(0), 0);
        assertEquals(before, loudness.value());
    }

    /** An RTP packet whose one-byte header extension {@link #AUDIO_LEVEL} holds {@code level}. */
    private static RtpPacket packet(int level) {
        byte[] b = {(byte) 0x90, 111, 0, 1, 0, 0, 0, 1, 0, 0, 0, 7,
            (byte) 0xBE, (byte) 0xDE, 0, 1, (byte) (AUDIO_LEVEL << 4), (byte) level, 0, 0, 1, 2};
        RtpPacket p = new RtpPacket();
        assertTrue(p.wrap(Unpooled.wrappedBuffer(b)));
        return p;
    }
}
