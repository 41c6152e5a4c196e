package io.parley.core.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StreamRewriterTest {
    @Test
    void firstSourceStartsAtTheInitialNumbers() {
        StreamRewriter r = new StreamRewriter(90000, 100, 5000);
        r.rewrite(1, 40000, 123456, 0);
        assertEquals(100, r.sequenceNumber());
        assertEquals(5000, r.timestamp());
        r.rewrite(1, 40001, 126456, 33_000_000);
        assertEquals(101, r.sequenceNumber());
        assertEquals(8000, r.timestamp());
    }

    @Test
    void aNewSourceContinuesWithoutAGapAndWithElapsedTime() {
        StreamRewriter r = new StreamRewriter(90000, 65535, 0xFFFFFF00L);
        r.rewrite(1, 10, 1000, 0);
        r.rewrite(1, 11, 4000, 33_000_000);
        assertEquals(0, r.sequenceNumber(), "wraps to 0");
        long before = r.timestamp();

        r.rewrite(2, 30000, 777, 133_000_000);
        assertEquals(1, r.sequenceNumber(), "next sequence number after the switch");
        assertEquals((before + 9000) & 0xFFFFFFFFL, r.timestamp(), "100 ms at 90 kHz later");
    }

    @Test
    void reorderedOldPacketsKeepTheirPlaceAndDoNotMoveTheHighest() {
        StreamRewriter r = new StreamRewriter(48000, 1000, 0);
        r.rewrite(7, 500, 0, 0);
        r.rewrite(7, 502, 1920, 40_000_000);
        r.rewrite(7, 501, 960, 41_000_000);
        assertEquals(1001, r.sequenceNumber());
        assertEquals(1002, r.highestSequenceNumber());
        assertTrue(r.timestamp() < 1920);
    }
}
