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

    @Test
    void skippedPacketsLeaveNoGapInTheNumbering() {
        StreamRewriter r = new StreamRewriter(90000, 100, 5000);
        assertTrue(r.rewrite(1, 10, 0, 0));
        r.skip(1, 11);
        assertTrue(r.rewrite(1, 12, 3000, 33_000_000));
        assertEquals(101, r.sequenceNumber());
        r.skip(1, 13);
        r.skip(1, 14);
        assertTrue(r.rewrite(1, 15, 9000, 100_000_000));
        assertEquals(102, r.sequenceNumber());
        assertEquals(14000, r.timestamp(), "timestamps are not touched: the frames left out took time");
        assertEquals(102, r.highestSequenceNumber());
    }

    @Test
    void skippingAReorderedPacketChangesNothing() {
        StreamRewriter r = new StreamRewriter(90000, 100, 0);
        r.rewrite(1, 10, 0, 0);
        r.rewrite(1, 12, 3000, 33_000_000);
        assertEquals(102, r.sequenceNumber());
        r.skip(1, 11);
        assertTrue(r.rewrite(1, 13, 6000, 66_000_000));
        assertEquals(103, r.sequenceNumber(), "its successor went out already: the gap cannot be closed");
    }

    @Test
    void skippingBeforeTheSourceStartedOrForAnotherSourceChangesNothing() {
        StreamRewriter r = new StreamRewriter(90000, 100, 0);
        r.skip(1, 9);
        r.rewrite(1, 10, 0, 0);
        r.skip(2, 11);
        r.rewrite(1, 11, 3000, 33_000_000);
        assertEquals(101, r.sequenceNumber());
    }

    @Test
    void aLateCopyOfAPacketSentBeforeASkipGetsTheNumberItFirstWentOutWith() {
        StreamRewriter r = new StreamRewriter(90000, 100, 0);
        r.rewrite(1, 10, 0, 0);
        r.rewrite(1, 11, 0, 1_000_000);
        r.skip(1, 12);
        assertTrue(r.rewrite(1, 13, 3000, 33_000_000));
        assertEquals(102, r.sequenceNumber());
        // With the offset the skip left, 11 would go out as 100, the number packet 10 went out under.
        assertTrue(r.rewrite(1, 11, 0, 40_000_000));
        assertEquals(101, r.sequenceNumber(), "a late copy keeps its own number, not packet 10's");
        assertTrue(r.rewrite(1, 15, 6000, 66_000_000));
        assertTrue(r.rewrite(1, 14, 3000, 67_000_000), "reordered, but after the skip: its number is free");
        assertEquals(103, r.sequenceNumber());
        assertEquals(104, r.highestSequenceNumber());
    }

    @Test
    void aLatePacketFromBeforeMoreSkipsThanAreRememberedIsRefused() {
        StreamRewriter r = new StreamRewriter(90000, 100, 0);
        r.rewrite(1, 1000, 0, 0);
        // 1001 and 1296 are lost on the way in; everything else up to 1301 is left out.
        for (int seq = 1002; seq < 1302; seq++) {
            if (seq != 1296) {
                r.skip(1, seq);
            }
        }
        assertTrue(r.rewrite(1, 1302, 3000, 1_000_000));
        assertEquals(103, r.sequenceNumber(), "299 skips closed over, two gaps left for the losses");
        assertFalse(r.rewrite(1, 1001, 0, 2_000_000), "its number depends on skips no longer known");
        assertTrue(r.rewrite(1, 1296, 0, 3_000_000));
        assertEquals(102, r.sequenceNumber(), "a recent one fills its gap");
    }

    @Test
    void skipsFromBeforeAWrapAroundDoNotShiftALatePacketAfterIt() {
        StreamRewriter r = new StreamRewriter(90000, 1000, 0);
        r.rewrite(1, 0, 0, 0);
        for (int s = 1; s <= 20; s += 2) {
            r.skip(1, s);
            r.rewrite(1, s + 1, 0, 0);
        }
        // A whole turn of the 16-bit space forwarded, then 65541 (5 again) lost and repaired late.
        for (int seq = 21; seq < 65536 + 5; seq++) {
            r.rewrite(1, seq & 0xFFFF, 0, 0);
        }
        int before = r.sequenceNumber();
        for (int seq = 65536 + 6; seq <= 65536 + 10; seq++) {
            r.rewrite(1, seq & 0xFFFF, 0, 0);
        }
        assertTrue(r.rewrite(1, 5, 0, 0));
        assertEquals((before + 1) & 0xFFFF, r.sequenceNumber(), "the skips of the last turn are not between");
    }

    @Test
    void aLostPacketRepairedAfterASkipFillsTheGapItLeft() {
        // Packet 11 of a forwarded frame is lost upstream, 12 (a frame left out) is skipped, and
        // the publisher's retransmission of 11 arrives a round trip later. The subscriber saw
        // 100, 102: number 101 is free and is 11's, the only way the subscriber gets it.
        StreamRewriter r = new StreamRewriter(90000, 100, 0);
        r.rewrite(1, 10, 0, 0);
        r.skip(1, 12);
        assertTrue(r.rewrite(1, 13, 3000, 33_000_000));
        assertEquals(102, r.sequenceNumber(), "the loss stays a gap the subscriber can NACK");
        assertTrue(r.rewrite(1, 11, 0, 60_000_000), "the repair is forwarded");
        assertEquals(101, r.sequenceNumber(), "into the gap");
    }

    @Test
    void aNewSourceForgetsTheSkipsOfTheOldOne() {
        StreamRewriter r = new StreamRewriter(90000, 100, 0);
        r.rewrite(1, 10, 0, 0);
        r.skip(1, 11);
        r.rewrite(1, 12, 3000, 33_000_000);
        assertTrue(r.rewrite(2, 5, 90000, 66_000_000));
        assertEquals(102, r.sequenceNumber());
        assertTrue(r.rewrite(2, 7, 96000, 133_000_000));
        assertTrue(r.rewrite(2, 6, 93000, 134_000_000), "older than the old source's skip, but not this one's");
        assertEquals(103, r.sequenceNumber());

        r.skip(2, 8);
        r.pause();
        assertTrue(r.rewrite(2, 3, 200000, 2_000_000_000L), "the publisher restarted its numbering");
        assertTrue(r.rewrite(2, 5, 206000, 2_066_000_000L));
        assertTrue(r.rewrite(2, 4, 203000, 2_067_000_000L), "a pause starts afresh too");
        assertEquals(106, r.sequenceNumber());
    }

    @Test
    void oneEarlySkipDoesNotRefuseReorderedPacketsOfALongStream() {
        // Compared in 16 bits forever, the skip would look newer than every packet half the
        // sequence space later, and each reordered packet would be refused.
        StreamRewriter r = new StreamRewriter(90000, 0, 0);
        assertTrue(r.rewrite(1, 1000, 0, 0));
        r.skip(1, 1001);
        int expected = 1;
        for (int i = 2; i < 3 * 65536; i++) {
            int seq = (1000 + i) & 0xFFFF;
            if (i % 997 == 500) {
                // The pair (i, i + 1) arrives swapped.
                int next = (seq + 1) & 0xFFFF;
                assertTrue(r.rewrite(1, next, 0, 0), "packet " + (i + 1));
                assertEquals((expected + 1) & 0xFFFF, r.sequenceNumber());
                assertTrue(r.rewrite(1, seq, 0, 0), "reordered packet " + i);
                assertEquals(expected & 0xFFFF, r.sequenceNumber());
                expected += 2;
                i++;
            } else {
                assertTrue(r.rewrite(1, seq, 0, 0), "packet " + i);
                assertEquals(expected & 0xFFFF, r.sequenceNumber(), "packet " + i);
                expected++;
            }
        }
    }

    @Test
    void aPacketReorderedJustAsTheStreamPassesItsFirstNumberAgainIsForwarded() {
        // 65536 packets in, the newest number equals the first one again; a packet a few behind
        // is as recent as any, not one from before the source started.
        StreamRewriter r = new StreamRewriter(48000, 0, 0);
        for (int i = 0; i <= 65536; i++) {
            if (i != 65534) {
                assertTrue(r.rewrite(1, (1000 + i) & 0xFFFF, 960L * i, 20_000_000L * i), "packet " + i);
            }
        }
        assertTrue(r.rewrite(1, (1000 + 65534) & 0xFFFF, 960L * 65534, 20_000_000L * 65537), "packet 65534, late");
        assertEquals(65534, r.sequenceNumber());
    }
}
