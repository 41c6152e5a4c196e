package io.parley.core.bwe;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Overuse is a queue above 25 ms that keeps growing for two feedbacks, not a single spike. */
class QueueDelayTest {
    private final QueueDelay queue = new QueueDelay();
    private long arrival = 1_000_000;

    @Test
    void aSteadyPathIsNoOveruseWhateverItsClockOffset() {
        for (int i = 0; i < 20; i++) {
            assertFalse(feedback(5_000_000, 5_000_000 + 2_000));
        }
    }

    @Test
    void aGrowingQueueIsOveruseOnItsSecondFeedbackAndADrainingOneIsNot() {
        feedback(10_000, 10_000);
        // Smoothed (0.7 old, 0.3 new): 18 ms, then 36.6, then 55.6 ms of queue.
        assertFalse(feedback(10_000 + 60_000, 10_000 + 60_000), "the smoothed queue is still below 25 ms");
        assertFalse(feedback(10_000 + 80_000, 10_000 + 80_000), "one feedback above the threshold is not enough");
        assertTrue(feedback(10_000 + 100_000, 10_000 + 100_000), "the queue built for two feedbacks");
        assertFalse(feedback(10_000 + 30_000, 10_000 + 30_000), "a shrinking queue is draining, not overuse");
    }

    @Test
    void aFeedbackWithNothingArrivedSaysNothing() {
        assertFalse(queue.overuse(0, 0));
    }

    /** Two packets with these one-way delays (µs), 20 ms apart at the receiver. */
    private boolean feedback(long first, long second) {
        queue.observe(first, arrival);
        queue.observe(second, arrival + 10_000);
        arrival += 20_000;
        return queue.overuse(first + second, 2);
    }
}
