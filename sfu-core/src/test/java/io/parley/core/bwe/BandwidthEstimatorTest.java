package io.parley.core.bwe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.rtcp.TransportFeedback;
import org.junit.jupiter.api.Test;

/** The estimator against synthetic feedback: a link of known rate, with loss, with a growing queue. */
class BandwidthEstimatorTest {
    private static final long MS = 1_000_000L;
    private final BandwidthEstimator bwe = new BandwidthEstimator();
    private int seq;
    private long now = 1_000 * MS;

    @Test
    void heavyLossBringsTheEstimateDownToWhatTheLinkCarriesWithinASecond() {
        // 1 Mbit/s offered (1250-byte packets every 10 ms) into a 300 kbit/s link: 70 % lost.
        long start = now;
        while (now - start < 1_000 * MS) {
            feedback(10, 7, 0);
        }
        assertTrue(bwe.estimateBps() < 500_000, "estimate " + bwe.estimateBps());
    }

    @Test
    void randomLossBelowTenPercentDoesNotBringTheEstimateDown() {
        // 5 % loss, one packet in twenty, reported in feedbacks of five packets: a single
        // feedback reads 20 % loss, but loss is judged over 50 packets.
        for (int i = 0; i < 200; i++) {
            feedback(5, i % 4 == 0 ? 1 : 0, 0);
        }
        assertTrue(bwe.estimateBps() >= BandwidthEstimator.START_BPS, "estimate " + bwe.estimateBps());
    }

    @Test
    void moderateLossShrinksTheEstimateByHalfTheLossFractionOncePerWindow() {
        for (int i = 0; i < 5; i++) {
            feedback(10, 0, 0);
        }
        long before = bwe.estimateBps();
        feedback(50, 10, 0);
        assertEquals(before * 0.9, bwe.estimateBps(), before * 0.01, "20 % loss: As(1 - 0.1)");
    }

    @Test
    void aCleanLinkGrowsSlowlyJustAfterADropAndFastLater() {
        // 1 Mbit/s acknowledged: growth from below 500 kbit/s stays under the 2.2 Mbit/s bound.
        afterADropTo(500_000);
        long afterDrop = bwe.estimateBps();
        for (int i = 0; i < 10; i++) {
            feedback(10, 0, 0);
        }
        double slow = (double) bwe.estimateBps() / afterDrop;
        assertTrue(slow > 1.05 && slow < 1.10, "8 %/s over that second: " + slow);
        now += BandwidthEstimator.CAUTIOUS_NANOS;
        feedback(10, 0, 0);
        long before = bwe.estimateBps();
        for (int i = 0; i < 10; i++) {
            feedback(10, 0, 0);
        }
        double fast = (double) bwe.estimateBps() / before;
        assertTrue(fast > 1.4 && fast < 1.6, "50 %/s once the drop is old: " + fast);
    }

    @Test
    void withoutAProbeTheEstimateGrowsNoFurtherThanTwiceWhatArrived() {
        afterADropTo(1_000_000);
        for (int i = 0; i < 1000; i++) {
            feedback(10, 0, 0);
        }
        assertEquals(2 * 1_000_000 + 200_000, bwe.estimateBps(), 50_000, "acked " + bwe.ackedBps());
    }

    @Test
    void aGrowingQueueIsOveruseEvenWithoutLoss() {
        for (int i = 0; i < 20; i++) {
            feedback(10, 0, 0);
        }
        long before = bwe.estimateBps();
        for (int i = 0; i < 5; i++) {
            feedback(10, 0, 5_000);
        }
        assertTrue(bwe.estimateBps() < before, before + " -> " + bwe.estimateBps());
        assertTrue(bwe.estimateBps() <= 0.85 * bwe.ackedBps() + 1, "no more than 85 % of the acknowledged rate");
    }

    @Test
    void aPathThatGotLongerAfterTheReceiversClockWrappedIsNoQueueOnceTheOldDelayAgesOut() {
        // The receiver's 24-bit reference wraps (12.4 days) between two feedbacks; soon after,
        // the route changes and every packet takes 50 ms longer for good. The lowest delay seen
        // must age out across the wrap, or the longer path reads as a queue for days.
        long wrap = (1L << 24) * 64_000;
        long clock = wrap - 1_000_000;
        for (int i = 0; i < 3_000; i++) {
            int[] seqs = new int[10];
            long[] arrivals = new long[10];
            for (int k = 0; k < 10; k++) {
                seqs[k] = seq & 0xFFFF;
                bwe.sent(seqs[k], 1250, now);
                arrivals[k] = Math.floorMod(clock + (i >= 200 ? 50_000 : 0), wrap);
                seq++;
                now += 10 * MS;
                clock += 10_000;
            }
            bwe.feedback(seqs, arrivals, 10, now);
        }
        assertTrue(bwe.estimateBps() > 1_000_000, "the estimate recovered: " + bwe.estimateBps());
    }

    @Test
    void feedbackAboutPacketsNeverSentIsIgnoredAndTheEstimateStaysInBounds() {
        bwe.feedback(new int[] {40000}, new long[] {5}, 1, now);
        assertEquals(BandwidthEstimator.START_BPS, bwe.estimateBps());
        for (int i = 0; i < 200; i++) {
            feedback(10, 10, 0);
        }
        assertEquals(BandwidthEstimator.MIN_BPS, bwe.estimateBps());
    }

    @Test
    void aProbeTheLinkKeptUpWithRaisesTheEstimateToItsRate() {
        afterADropTo(500_000);
        // 40 packets of 1250 bytes in 100 ms: 4 Mbit/s, arriving as they were sent.
        bwe.beginProbe();
        probe(40, 2_500, 2_500, 0);
        assertEquals(4_000_000, bwe.estimateBps(), 150_000, "the rate the link took");
        assertFalse(bwe.probing(now));
    }

    @Test
    void aProbeIntoANarrowerLinkFindsTheLinksRateNotTheProbes() {
        afterADropTo(500_000);
        // Sent at 4 Mbit/s, spread out by a 1 Mbit/s link: 10 ms apart on arrival.
        bwe.beginProbe();
        probe(40, 2_500, 10_000, 0);
        assertEquals(1_000_000, bwe.estimateBps(), 50_000);
    }

    @Test
    void aLossyProbeSaysNothingAndTheResultWaitsForItsLastPacket() {
        afterADropTo(500_000);
        long before = bwe.estimateBps();
        bwe.beginProbe();
        probe(40, 2_500, 2_500, 10);
        assertTrue(bwe.estimateBps() <= before * 1.01, "a quarter lost: no verdict, " + bwe.estimateBps());
        assertFalse(bwe.probing(now));
    }

    @Test
    void aProbeWhoseFeedbackNeverComesIsGivenUp() {
        bwe.beginProbe();
        for (int i = 0; i < 20; i++) {
            bwe.sent(seq++ & 0xFFFF, 1250, now);
        }
        bwe.endProbe(now);
        assertTrue(bwe.probing(now));
        assertFalse(bwe.probing(now + BandwidthEstimator.PROBE_FEEDBACK_NANOS + 1), "its feedback was lost");
    }

    @Test
    void feedbackThatCameBeforeTheProbeEndedDoesNotLeaveItAwaitedForever() {
        bwe.beginProbe();
        feedback(20, 0, 0);
        bwe.endProbe(now);
        feedback(10, 0, 0);
        assertFalse(bwe.probing(now));
    }

    @Test
    void aFeedbackThatCoversOnlyLaterPacketsStillEndsTheProbe() {
        bwe.beginProbe();
        bwe.sent(seq++ & 0xFFFF, 1250, now);
        bwe.endProbe(now);
        feedback(10, 0, 0);
        assertFalse(bwe.probing(now), "the feedback about its last packet went missing; later ones came");
    }

    /** Heavy loss then a clean window: the estimate sits low, as after a capped link. */
    private void afterADropTo(long target) {
        while (bwe.estimateBps() > target) {
            feedback(50, 40, 0);
        }
        feedback(50, 0, 0);
    }

    /**
     * Sends a probe of {@code n} 1250-byte packets {@code sendGapMicros} apart that arrive
     * {@code arrivalGapMicros} apart, the first {@code lost} of them missing, and reports it in one
     * feedback after {@link BandwidthEstimator#endProbe()}.
     */
    private void probe(int n, long sendGapMicros, long arrivalGapMicros, int lost) {
        int[] seqs = new int[n];
        long[] arrivals = new long[n];
        long firstArrival = now / 1000 + 20_000;
        for (int i = 0; i < n; i++) {
            seqs[i] = seq & 0xFFFF;
            bwe.sent(seqs[i], 1250, now);
            arrivals[i] = i < lost ? TransportFeedback.NOT_ARRIVED : firstArrival + i * arrivalGapMicros;
            seq++;
            now += sendGapMicros * 1000;
        }
        bwe.endProbe(now);
        assertTrue(bwe.probing(now), "its feedback is awaited");
        bwe.feedback(seqs, arrivals, n, now);
    }

    /**
     * Sends {@code n} 1250-byte packets 10 ms apart and reports them, {@code lost} of them missing,
     * each arriving {@code extraDelayStepMicros} later than the one before beyond its send spacing.
     */
    private void feedback(int n, int lost, long extraDelayStepMicros) {
        int[] seqs = new int[n];
        long[] arrivals = new long[n];
        for (int i = 0; i < n; i++) {
            seqs[i] = seq & 0xFFFF;
            bwe.sent(seqs[i], 1250, now);
            arrivals[i] = i < lost ? TransportFeedback.NOT_ARRIVED : now / 1000 + 20_000 + (seq % 1000) * extraDelayStepMicros;
            seq++;
            now += 10 * MS;
        }
        bwe.feedback(seqs, arrivals, n, now);
    }
}
