package io.parley.core.bwe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.core.rtcp.TransportFeedback;
import org.junit.jupiter.api.Test;

/** A probe's result is the lower of its send and arrival rates, and nothing when it says too little. */
class ProbeTrainTest {
    private final ProbeTrain probe = new ProbeTrain();

    @Test
    void aLinkThatKeptUpGivesTheSendRateAndANarrowOneItsOwn() {
        probe.begin();
        // 11 packets of 1,250 bytes, 1 ms apart: 10 Mbit/s out; arrivals 2 ms apart: 5 Mbit/s.
        for (int i = 0; i <= 10; i++) {
            probe.add(1_250, i * 1_000_000L, 100_000 + i * 2_000L);
        }
        assertEquals(5_000_000, probe.resultBps(), 1);

        probe.begin();
        for (int i = 0; i <= 10; i++) {
            probe.add(1_250, i * 2_000_000L, 100_000 + i * 1_000L);
        }
        assertEquals(5_000_000, probe.resultBps(), 1, "arrivals bunched by the path do not raise the send rate");
    }

    @Test
    void tooFewPacketsOrTooMuchLossSayNothing() {
        probe.begin();
        for (int i = 0; i < 9; i++) {
            probe.add(1_250, i * 1_000_000L, 100_000 + i * 1_000L);
        }
        assertEquals(-1, probe.resultBps(), "nine packets");

        probe.begin();
        for (int i = 0; i < 20; i++) {
            probe.add(1_250, i * 1_000_000L, i % 4 == 0 ? TransportFeedback.NOT_ARRIVED : 100_000 + i * 1_000L);
        }
        assertEquals(-1, probe.resultBps(), "a quarter lost");
    }
}
