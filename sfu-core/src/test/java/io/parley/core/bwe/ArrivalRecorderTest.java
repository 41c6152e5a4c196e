package io.parley.core.bwe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.parley.core.rtcp.RtcpPacket;
import io.parley.core.rtcp.TransportFeedback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A publisher's arrivals in, the feedback its browser gets out, read back as a browser would. */
class ArrivalRecorderTest {
    private static final long MS = 1_000_000L;
    private static final long SERVER_SSRC = 0x5E4EL;
    private static final long PUBLISHER_SSRC = 0xA11CEL;
    private static final long T0 = 3_000 * MS + 40_000;

    private final ArrivalRecorder recorder = new ArrivalRecorder();
    private final ByteBuf out = PooledByteBufAllocator.DEFAULT.buffer(ArrivalRecorder.MAX_FEEDBACK_LENGTH);
    private final RtcpPacket rtcp = new RtcpPacket();
    private final int[] seqs = new int[8192];
    private final long[] micros = new long[8192];

    @AfterEach
    void release() {
        out.release();
    }

    @Test
    void nothingToSayBeforeTheFirstPacket() {
        assertFalse(recorder.hasPending());
        assertEquals(0, recorder.writeFeedback(out, SERVER_SSRC));
        assertEquals(0, out.readableBytes());
    }

    @Test
    void coversEverythingSinceTheLastFeedbackWithTheLossesBetween() {
        for (int seq = 10; seq <= 20; seq++) {
            if (seq != 13 && seq != 14) {
                recorder.record(seq, PUBLISHER_SSRC, at(seq));
            }
        }
        assertTrue(recorder.hasPending());
        assertEquals(11, feedback());
        assertEquals(SERVER_SSRC, rtcp.senderSsrc());
        assertEquals(PUBLISHER_SSRC, rtcp.mediaSsrc(), "named after the publisher's stream");
        for (int i = 0; i < 11; i++) {
            assertEquals(10 + i, seqs[i]);
            assertEquals(i == 3 || i == 4 ? TransportFeedback.NOT_ARRIVED : expectedMicros(at(10 + i)), micros[i], "seq " + (10 + i));
        }
        assertFalse(recorder.hasPending());

        recorder.record(21, PUBLISHER_SSRC, at(21));
        recorder.record(23, PUBLISHER_SSRC, at(23));
        assertEquals(3, feedback(), "from the first unreported on");
        assertEquals(21, seqs[0]);
        assertEquals(TransportFeedback.NOT_ARRIVED, micros[1]);
        assertEquals(expectedMicros(at(23)), micros[2]);
    }

    @Test
    void unwrapsTheSixteenBitSequenceNumber() {
        for (int i = 0; i < 12; i++) {
            recorder.record((65530 + i) & 0xFFFF, PUBLISHER_SSRC, at(i));
        }
        assertEquals(12, feedback());
        for (int i = 0; i < 12; i++) {
            assertEquals((65530 + i) & 0xFFFF, seqs[i]);
            assertEquals(expectedMicros(at(i)), micros[i]);
        }
        recorder.record(6, PUBLISHER_SSRC, at(12));
        assertEquals(1, feedback());
        assertEquals(6, seqs[0]);
    }

    @Test
    void reorderedPacketsKeepTheirOwnArrivalTimes() {
        recorder.record(1, PUBLISHER_SSRC, T0);
        recorder.record(3, PUBLISHER_SSRC, T0 + MS);
        recorder.record(2, PUBLISHER_SSRC, T0 + 2 * MS);
        assertEquals(3, feedback());
        assertEquals(expectedMicros(T0), micros[0]);
        assertEquals(expectedMicros(T0 + 2 * MS), micros[1], "a negative delta after 3");
        assertEquals(expectedMicros(T0 + MS), micros[2]);
    }

    @Test
    void aPacketReportedLostThatArrivesLateIsReportedAgainWithWhatFollows() {
        recorder.record(1, PUBLISHER_SSRC, at(1));
        recorder.record(2, PUBLISHER_SSRC, at(2));
        recorder.record(4, PUBLISHER_SSRC, at(4));
        assertEquals(4, feedback());
        assertEquals(TransportFeedback.NOT_ARRIVED, micros[2]);

        recorder.record(3, PUBLISHER_SSRC, at(4) + 30 * MS);
        assertTrue(recorder.hasPending());
        assertEquals(2, feedback());
        assertEquals(3, seqs[0]);
        assertEquals(expectedMicros(at(4) + 30 * MS), micros[0]);
        assertEquals(4, seqs[1]);
        assertEquals(expectedMicros(at(4)), micros[1]);
    }

    @Test
    void aDuplicateKeepsTheFirstArrivalAndIsNotNews() {
        recorder.record(7, PUBLISHER_SSRC, at(7));
        recorder.record(7, PUBLISHER_SSRC, at(9));
        assertEquals(1, feedback());
        assertEquals(expectedMicros(at(7)), micros[0]);
        recorder.record(7, PUBLISHER_SSRC, at(10));
        assertFalse(recorder.hasPending());
    }

    @Test
    void memoryIsBoundedAndPacketsOlderThanItAreDropped() {
        for (int seq = 1; seq <= 10; seq++) {
            recorder.record(seq, PUBLISHER_SSRC, at(seq));
        }
        // Far ahead: the ten are pushed out of the ring unreported.
        int far = 10 + ArrivalRecorder.CAPACITY + 500;
        recorder.record(far, PUBLISHER_SSRC, at(11));
        List<int[]> covered = drain();
        assertEquals(far - ArrivalRecorder.CAPACITY + 1, covered.get(0)[0], "the ring's worth, no more");
        assertEquals(ArrivalRecorder.CAPACITY, total(covered));

        recorder.record(5, PUBLISHER_SSRC, at(12));
        assertFalse(recorder.hasPending(), "older than anything remembered: dropped");
    }

    @Test
    void aLongSilenceBetweenTwoArrivalsTakesTwoMessages() {
        recorder.record(100, PUBLISHER_SSRC, T0);
        recorder.record(101, PUBLISHER_SSRC, T0 + 10_000 * MS);
        assertEquals(1, feedback());
        assertEquals(expectedMicros(T0), micros[0]);
        assertTrue(recorder.hasPending());
        assertEquals(1, feedback());
        assertEquals(101, seqs[0]);
        assertEquals(expectedMicros(T0 + 10_000 * MS), micros[0]);
    }

    @Test
    void manyPendingPacketsAreSplitIntoMessagesOfBoundedSize() {
        // 2000 packets, every other one lost, 70 ms apart: two-byte deltas, the costliest kind.
        for (int i = 0; i < 4000; i += 2) {
            recorder.record(i, PUBLISHER_SSRC, T0 + i * 35 * MS);
        }
        int next = 0;
        int messages = 0;
        while (recorder.hasPending()) {
            int n = feedback();
            assertTrue(out.readableBytes() <= ArrivalRecorder.MAX_FEEDBACK_LENGTH, "length " + out.readableBytes());
            assertEquals(messages, out.getUnsignedByte(19), "feedback packet count");
            for (int i = 0; i < n; i++) {
                assertEquals(next + i, seqs[i]);
                assertEquals((next + i) % 2 == 0 ? expectedMicros(T0 + (next + i) * 35 * MS) : TransportFeedback.NOT_ARRIVED, micros[i]);
            }
            next += n;
            messages++;
        }
        assertEquals(3999, next, "up to the newest arrival (3998), each once");
        assertTrue(messages > 1);
    }

    @Test
    void theFeedbackPacketCountWrapsAt256() {
        for (int i = 0; i < 257; i++) {
            recorder.record(i, PUBLISHER_SSRC, at(i));
            feedback();
            assertEquals(i & 0xFF, out.getUnsignedByte(19));
        }
    }

    @Test
    void theMediaSourceIsTheLastPacketsStream() {
        recorder.record(1, PUBLISHER_SSRC, at(1));
        recorder.record(2, 0xB0BL, at(2));
        feedback();
        assertEquals(0xB0BL, rtcp.mediaSsrc());
    }

    /** Writes one feedback into {@link #out}, parses it, and returns how many packets it covers. */
    private int feedback() {
        out.clear();
        int length = recorder.writeFeedback(out, SERVER_SSRC);
        assertEquals(out.readableBytes(), length);
        assertTrue(rtcp.wrap(out));
        assertTrue(rtcp.next());
        assertNull(rtcp.bodyError());
        assertEquals(TransportFeedback.FORMAT, rtcp.countOrFormat());
        int n = TransportFeedback.read(rtcp, seqs, micros);
        assertTrue(n > 0, "well formed");
        return n;
    }

    /** Base sequence number and packet count of each message until nothing is pending. */
    private List<int[]> drain() {
        List<int[]> messages = new ArrayList<>();
        while (recorder.hasPending()) {
            int n = feedback();
            messages.add(new int[] {TransportFeedback.baseSequenceNumber(rtcp), n});
        }
        return messages;
    }

    private static int total(List<int[]> messages) {
        return messages.stream().mapToInt(m -> m[1]).sum();
    }

    private static long at(int i) {
        return T0 + i * 5 * MS + (i % 4) * 300_000;
    }

    private static long expectedMicros(long arrivalNanos) {
        return Math.floorDiv(arrivalNanos, 250_000L) * 250;
    }
}
