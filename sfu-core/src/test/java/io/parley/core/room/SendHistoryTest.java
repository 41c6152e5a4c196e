package io.parley.core.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SendHistoryTest {
    private static final long MS = 1_000_000L;

    @Test
    void findsWhatWentOutUnderASequenceNumberUntilTheRingOverwritesIt() {
        SendHistory h = new SendHistory(8);
        h.sent(65534, 100, 0xFFFFFFF0L, 2);
        h.pictureDeltas(65534, 7);
        int slot = h.find(65534);
        assertEquals(100, h.sourceSeq(slot));
        assertEquals(0xFFFFFFF0L, h.timestamp(slot), "the timestamp comes back unsigned");
        assertEquals(2, h.layer(slot));
        assertEquals(7, h.pictureDeltas(slot));
        assertEquals(-1, h.find(65533), "never sent");
        h.sent(65534 + 8 - 65536, 101, 0, 0); // sequence number 6 takes the same slot
        assertEquals(-1, h.find(65534), "overwritten");
        assertEquals(0, h.pictureDeltas(h.find(6)), "a new packet starts with no picture offsets");
    }

    @Test
    void aPacketGoesAgainOnlyAfterARoundTripAndWithinTheBudget() {
        SendHistory h = new SendHistory(256);
        h.sent(1, 1, 0, 0);
        int first = h.find(1);
        assertFalse(h.mayResend(first, 0, 50 * MS), "one packet forwarded earns half a retransmission");
        h.sent(2, 2, 0, 0);
        assertTrue(h.mayResend(first, 0, 50 * MS), "two earn a whole one");
        h.resent(first, 0);
        for (int seq = 3; seq < 200; seq++) {
            h.sent(seq, seq, 0, 0);
        }
        assertFalse(h.mayResend(first, 10 * MS, 50 * MS), "resent 10 ms ago, the round trip is 50");
        assertTrue(h.mayResend(first, 60 * MS, 50 * MS), "a round trip later");
        int resends = 0;
        while (h.mayResend(h.find(100), 1000 * MS, 0)) {
            h.resent(h.find(100), 1000 * MS);
            resends++;
        }
        assertEquals(64, resends, "a burst of at most 64 retransmissions, however many packets went out");
    }

    @Test
    void theRingIsAPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new SendHistory(100));
    }
}
