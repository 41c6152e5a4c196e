package io.parley.core.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    @Test
    void aLatePacketFromBeforeAPauseIsRefusedNotGivenATakenNumber() {
        StreamRewriter r = new StreamRewriter(90000, 100, 0);
        assertTrue(r.rewrite(1, 10, 0, 0));
        assertTrue(r.rewrite(1, 11, 3000, 33_000_000));
        r.pause();
        assertTrue(r.rewrite(1, 50, 120000, 2_000_000_000L));
        assertEquals(102, r.sequenceNumber(), "continues right after the pause");
        assertFalse(r.rewrite(1, 12, 6000, 2_001_000_000L), "a repair of a packet from before the pause");
        assertTrue(r.rewrite(1, 51, 123000, 2_033_000_000L));
        assertEquals(103, r.sequenceNumber());
    }

    @Test
    void aLongStreamIsNeverMistakenForOneFromBeforeItsStart() {
        StreamRewriter r = new StreamRewriter(48000, 0, 0);
        for (int i = 0; i < 3 * 65536; i++) {
            assertTrue(r.rewrite(1, (1000 + i) & 0xFFFF, 960L * i, 20_000_000L * i), "packet " + i);
        }
        assertTrue(r.rewrite(1, (1000 + 3 * 65536 - 5) & 0xFFFF, 0, 0), "a reordered packet, not a pre-switch one");
    }
}
