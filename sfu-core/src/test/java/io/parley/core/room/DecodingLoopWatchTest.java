package io.parley.core.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DecodingLoopWatchTest {
    private static final long MS = 1_000_000L;

    @Test
    void requestsRightAfterKeyframesAreRepeatsAndARunOfFiveIsReportedOncePerHalfMinute() {
        DecodingLoopWatch w = new DecodingLoopWatch();
        assertFalse(w.isRepeat(0), "no keyframe went out yet");
        long now = 1000 * MS;
        for (int i = 1; i <= 4; i++) {
            w.keyframeSent(now);
            now += 300 * MS;
            assertTrue(w.isRepeat(now));
            assertFalse(w.loopToReport(now), "only " + i + " in a row");
        }
        w.keyframeSent(now);
        now += 300 * MS;
        assertTrue(w.isRepeat(now));
        assertTrue(w.loopToReport(now), "five in a row");
        assertEquals(5, w.repeats());
        w.keyframeSent(now);
        assertTrue(w.isRepeat(now + 300 * MS));
        assertFalse(w.loopToReport(now + 300 * MS), "reported a moment ago");
        assertTrue(w.loopToReport(now + 31_000 * MS), "half a minute later, still looping");
    }

    @Test
    void aRequestLongAfterTheKeyframeEndsTheRun() {
        DecodingLoopWatch w = new DecodingLoopWatch();
        w.keyframeSent(0);
        assertTrue(w.isRepeat(100 * MS));
        assertFalse(w.isRepeat(2_500 * MS), "2.5 s after the keyframe: an ordinary request");
        assertEquals(0, w.repeats());
    }
}
