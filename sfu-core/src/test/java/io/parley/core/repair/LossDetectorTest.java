package io.parley.core.repair;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class LossDetectorTest {
    private static final long MS = 1_000_000L;
    private static final long RETRY = 100 * MS;
    private final LossDetector losses = new LossDetector();
    private final int[] out = new int[64];

    @Test
    void gapsAcrossTheWrapAreFoundInOrderAndReorderedArrivalsForgotten() {
        losses.received(65533, 0);
        losses.received(1, 0);
        assertArrayEquals(new int[] {65534, 65535, 0}, due(0));
        losses.received(65535, 5 * MS);
        assertArrayEquals(new int[] {65534, 0}, due(RETRY));
    }

    @Test
    void eachPacketIsAskedForAtMostMaxTriesAndNotWhenTooOld() {
        losses.received(10, 0);
        losses.received(12, 0);
        for (int i = 0; i < LossDetector.MAX_TRIES; i++) {
            assertArrayEquals(new int[] {11}, due(i * RETRY));
        }
        assertArrayEquals(new int[0], due(LossDetector.MAX_TRIES * RETRY));
        assertEquals(0, losses.missingCount());

        losses.received(14, 0);
        assertArrayEquals(new int[0], due(LossDetector.MAX_AGE_NANOS + 1), "too late to help");
    }

    @Test
    void aLossBeyondCapacityAsksForAKeyframeInstead() {
        losses.received(0, 0);
        assertTrue(losses.received(LossDetector.CAPACITY, 0), "255 missing");
        assertTrue(losses.received(LossDetector.CAPACITY + 2, 0), "256 missing: full");
        assertFalse(losses.received(LossDetector.CAPACITY + 4, 0), "one more missing than fits");
        assertEquals(0, losses.missingCount());
        assertTrue(losses.received(LossDetector.CAPACITY + 5, 0), "and it starts over from there");
    }

    private int[] due(long now) {
        return Arrays.copyOf(out, losses.collect(out, now, RETRY));
    }
}
