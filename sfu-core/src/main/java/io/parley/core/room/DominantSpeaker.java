package io.parley.core.room;

import java.util.Collection;

/**
 * Who is speaking in a room: the participant whose audio is loudest by its RFC 6464 levels
 * (smoothed per track), re-evaluated a few times a second. A challenger must be clearly louder
 * to take over, so the choice does not flap between two voices.
 */
final class DominantSpeaker {
    /** How often the dominant speaker is re-evaluated. */
    static final long CHECK_INTERVAL_NANOS = 300_000_000L;
    /** A challenger must be this much louder (on the 0..127 scale) to take over: no flapping. */
    static final double SWITCH_MARGIN = 6;
    /** Below this smoothed loudness nobody is speaking (roughly -97 dBov and quieter). */
    static final double SPEECH_THRESHOLD = 30;

    private Participant current;
    private long nextCheckNanos;

    /** The dominant speaker, or null before anyone spoke. */
    Participant current() {
        return current;
    }

    /** Re-evaluates when a check is due; returns the new speaker if it changed, else null. */
    Participant update(Collection<Participant> participants, long nowNanos) {
        if (nowNanos - nextCheckNanos < 0) {
            return null;
        }
        nextCheckNanos = nowNanos + CHECK_INTERVAL_NANOS;
        Participant loudest = null;
        double loudestLevel = SPEECH_THRESHOLD;
        double currentLevel = 0;
        for (Participant p : participants) {
            double level = p.loudness();
            if (p == current) {
                currentLevel = level;
            }
            if (level > loudestLevel) {
                loudest = p;
                loudestLevel = level;
            }
        }
        if (loudest != null && loudest != current && (current == null || loudestLevel > currentLevel + SWITCH_MARGIN)) {
            current = loudest;
            return loudest;
        }
        return null;
    }

    /** A participant left: it no longer speaks. */
    void left(Participant p) {
        if (current == p) {
            current = null;
        }
    }
}
