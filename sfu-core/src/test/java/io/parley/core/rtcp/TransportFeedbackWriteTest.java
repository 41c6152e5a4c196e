package io.parley.core.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Transport-wide CC feedback as the server writes it to publishers, read back with
 * {@link TransportFeedback#read}: every packet's fate and its arrival time to 250 µs.
 */
class TransportFeedbackWriteTest {
    private static final long MS = 1_000_000L;
    private static final long LOST = TransportFeedback.NOT_ARRIVED;
    private static final long T0 = 7_000 * MS + 123_456;

    private final RtcpPacket rtcp = new RtcpPacket();
    private final ByteBuf out = Unpooled.buffer();
    private final int[] seqs = new int[70_000];
    private final long[] micros = new long[70_000];

    @AfterEach
    void release() {
        out.release();
    }

    @Test
    void writesTheDraftsLayoutWithLibwebrtcsPadding() {
        // The message FeedbackAndReportsTest reads: base 65534, small, lost, large, small; reference
        // 1 (64 ms); deltas 4 (1 ms), -8 (-2 ms), 2 (0.5 ms). 26 bytes, padded to 28.
        long[] arrivals = {65 * MS, LOST, 63 * MS, 63_500_000};
        assertEquals(4, TransportFeedback.write(out, 1, 2, 65534, 9, arrivals, 0, 4, 1200));
        byte[] expected = ByteBuffer.allocate(28).put((byte) 0xAF).put((byte) RtcpPacket.RTPFB)
                .putShort((short) 6).putInt(1).putInt(2).putShort((short) 65534).putShort((short) 4)
                .put((byte) 0).put((byte) 0).put((byte) 1).put((byte) 9)
                .putShort((short) (0xC000 | 1 << 12 | 0 << 10 | 2 << 8 | 1 << 6))
                .put((byte) 4).putShort((short) -8).put((byte) 2).put((byte) 0).put((byte) 2).array();
        assertArrayEquals(expected, ByteBufUtil.getBytes(out));
        assertEquals(4, parse(out));
        assertEquals(List.of(65534, 65535, 0, 1), seqs(4));
        assertArrayEquals(new long[] {65_000, TransportFeedback.NOT_ARRIVED, 63_000, 63_500}, Arrays.copyOf(micros, 4));
    }

    @Test
    void roundTripsSequenceNumbersAcrossTheWrapAndArrivalsTo250Microseconds() {
        long[] arrivals = new long[40];
        for (int i = 0; i < arrivals.length; i++) {
            arrivals[i] = T0 + i * 3_333_333L + (i % 3) * 77_777;
        }
        arrivals[3] = LOST;
        arrivals[17] = LOST;
        assertEquals(40, TransportFeedback.write(out, 0xAAAA_BBBBL, 0xCCCC_DDDDL, 65520, 200, arrivals, 0, 40, 1200));
        assertEquals(0, out.readableBytes() % 4);
        assertEquals(40, parse(out));
        assertEquals(0xAAAA_BBBBL, rtcp.senderSsrc());
        assertEquals(0xCCCC_DDDDL, rtcp.mediaSsrc());
        assertEquals(200, out.getUnsignedByte(19), "feedback packet count");
        for (int i = 0; i < 40; i++) {
            assertEquals((65520 + i) & 0xFFFF, seqs[i]);
            assertEquals(expectedMicros(arrivals[i]), micros[i], "packet " + i);
        }
        assertEquals(0, seqs[16]);
    }

    @Test
    void runsOfLossesCostOneChunkEach() {
        long[] arrivals = new long[700];
        Arrays.fill(arrivals, LOST);
        for (int i = 0; i < 100; i++) {
            arrivals[i] = T0 + i * MS;
            arrivals[600 + i] = T0 + (100 + i) * MS;
        }
        assertEquals(700, TransportFeedback.write(out, 1, 2, 100, 0, arrivals, 0, 700, 1200));
        // Three run length chunks (received, lost, received) and 200 one-byte deltas.
        assertEquals(20 + 3 * 2 + 200 + 2, out.readableBytes());
        assertEquals(0x2000 | 100, out.getUnsignedShort(20));
        assertEquals(500, out.getUnsignedShort(22));
        assertEquals(0x2000 | 100, out.getUnsignedShort(24));
        assertEquals(700, parse(out));
        for (int i = 0; i < 700; i++) {
            assertEquals(expectedMicros(arrivals[i]), micros[i], "packet " + i);
        }
    }

    @Test
    void largeAndNegativeDeltasTakeTwoBytes() {
        // 70 ms later (280 units: too large for a byte), then 5 ms earlier (reordered on the way),
        // then 8 s later, the most a delta can say.
        long[] arrivals = {T0, T0 + 70 * MS, T0 + 65 * MS, T0 + 65 * MS + 8_000 * MS, T0 + 8_066 * MS};
        assertEquals(5, TransportFeedback.write(out, 1, 2, 0, 0, arrivals, 0, 5, 1200));
        assertEquals(5, parse(out));
        for (int i = 0; i < 5; i++) {
            assertEquals(expectedMicros(arrivals[i]), micros[i], "packet " + i);
        }
        int chunk = out.getUnsignedShort(20);
        assertEquals(0xC000 | 1 << 12 | 2 << 10 | 2 << 8 | 2 << 6 | 1 << 4, chunk, "two-bit vector: S L L L S");
    }

    @Test
    void aDeltaBeyondSixteenBitsEndsTheMessageAndTheNextStartsThere() {
        long[] arrivals = {T0, LOST, T0 + MS, T0 + 9_000 * MS, T0 + 9_001 * MS};
        int covered = TransportFeedback.write(out, 1, 2, 65535, 0, arrivals, 0, 5, 1200);
        assertEquals(3, covered, "9 s after the last arrival does not fit");
        assertEquals(3, parse(out));
        assertEquals(TransportFeedback.NOT_ARRIVED, micros[1]);
        assertEquals(expectedMicros(arrivals[2]), micros[2]);

        out.clear();
        assertEquals(2, TransportFeedback.write(out, 1, 2, (65535 + covered) & 0xFFFF, 1, arrivals, covered, 2, 1200));
        assertEquals(2, parse(out));
        assertEquals(List.of(2, 3), seqs(2));
        assertEquals(expectedMicros(arrivals[3]), micros[0]);
        assertEquals(expectedMicros(arrivals[4]), micros[1]);
    }

    @Test
    void staysWithinMaxLengthAndContinuesFromARing() {
        // Alternately lost and 70 ms apart: two-bit vectors and two-byte deltas, the costliest.
        long[] ring = new long[4096];
        int first = 4000;
        int count = 3000;
        long[] arrivals = new long[count];
        for (int i = 0; i < count; i++) {
            arrivals[i] = i % 2 == 0 ? T0 + i * 35 * MS : LOST;
            ring[(first + i) % ring.length] = arrivals[i];
        }
        int done = 0;
        int messages = 0;
        while (done < count) {
            out.clear();
            int covered = TransportFeedback.write(out, 1, 2, (60000 + done) & 0xFFFF, messages, ring,
                    (first + done) % ring.length, count - done, 1200);
            assertTrue(out.readableBytes() <= 1200, "length " + out.readableBytes());
            assertEquals(covered, parse(out));
            for (int i = 0; i < covered; i++) {
                assertEquals((60000 + done + i) & 0xFFFF, seqs[i]);
                assertEquals(expectedMicros(arrivals[done + i]), micros[i], "packet " + (done + i));
            }
            done += covered;
            messages++;
        }
        assertEquals(count, done);
        assertTrue(messages >= 4 && messages <= 6, messages + " messages");
    }

    @Test
    void randomTrafficRoundTripsWhateverTheLimit() {
        Random random = new Random(42);
        for (int round = 0; round < 300; round++) {
            int count = 1 + random.nextInt(3000);
            long[] arrivals = new long[count];
            long t = T0 + random.nextLong(1L << 40);
            for (int i = 0; i < count; i++) {
                int kind = random.nextInt(20);
                // Mostly close together; some lost, some reordered, some after a long gap.
                t += kind == 0 ? random.nextLong(10_000 * MS) : kind == 1 ? -random.nextLong(50 * MS)
                        : random.nextLong(3 * MS);
                arrivals[i] = kind == 2 || kind == 3 ? LOST : t;
            }
            int maxLength = TransportFeedback.MIN_WRITE_LENGTH + random.nextInt(1400);
            int base = random.nextInt(65536);
            int done = 0;
            while (done < count) {
                out.clear();
                int covered = TransportFeedback.write(out, 1, 2, (base + done) & 0xFFFF, 0, arrivals, done,
                        count - done, maxLength);
                assertTrue(covered >= 1 && out.readableBytes() <= maxLength);
                assertEquals(covered, parse(out));
                for (int i = 0; i < covered; i++) {
                    assertEquals((base + done + i) & 0xFFFF, seqs[i]);
                    assertEquals(expectedMicros(arrivals[done + i]), micros[i], "round " + round + " packet " + (done + i));
                }
                done += covered;
            }
        }
    }

    @Test
    void theReferenceTimeIsTwentyFourUnsignedBitsThatWrap() {
        // libwebrtc's receivers write their clock modulo 2^24 units of 64 ms (12.4 days) and
        // readers take it unsigned: a clock before zero reads as near the top of the range.
        long wrapMicros = (1L << 24) * 64_000;
        long[] before = {-5 * MS - 1, -3 * MS};
        assertEquals(2, TransportFeedback.write(out, 1, 2, 0, 0, before, 0, 2, 1200));
        assertEquals(2, parse(out));
        assertEquals(Math.floorMod(expectedMicros(before[0]), wrapMicros), micros[0]);
        assertEquals(Math.floorMod(expectedMicros(before[1]), wrapMicros), micros[1]);

        // A receiver in the upper half of the range: arrivals stay positive, never "lost".
        long upper = 0x900000L * 64 * MS;
        out.clear();
        TransportFeedback.write(out, 1, 2, 0, 0, new long[] {upper, upper + MS}, 0, 2, 1200);
        assertEquals(2, parse(out));
        assertEquals(upper / 1000, micros[0]);
        assertEquals(upper / 1000 + 1000, micros[1]);

        // 12.4 days later, the field says the same.
        long wrap = (1L << 24) * 64 * MS;
        long[] later = {before[0] + wrap, before[1] + wrap};
        out.clear();
        TransportFeedback.write(out, 1, 2, 0, 0, later, 0, 2, 1200);
        assertEquals(2, parse(out));
        assertEquals(Math.floorMod(expectedMicros(before[0]), wrapMicros), micros[0]);
    }

    @Test
    void refusesWhatCannotBeWritten() {
        long[] arrivals = {T0};
        assertThrows(IllegalArgumentException.class, () -> TransportFeedback.write(out, 1, 2, 0, 0, arrivals, 0, 0, 1200));
        assertThrows(IllegalArgumentException.class, () -> TransportFeedback.write(out, 1, 2, 0, 0, arrivals, 0, 2, 1200));
        assertThrows(IllegalArgumentException.class, () -> TransportFeedback.write(out, 1, 2, 0, 0, arrivals, 0, 1,
                TransportFeedback.MIN_WRITE_LENGTH - 1));
        assertEquals(0, out.readableBytes());
        assertEquals(1, TransportFeedback.write(out, 1, 2, 0, 0, arrivals, 0, 1, TransportFeedback.MIN_WRITE_LENGTH));
        assertEquals(TransportFeedback.MIN_WRITE_LENGTH, out.readableBytes());
    }

    @Test
    void malformedFeedbackIsRefusedNeverThrown() {
        long[] arrivals = new long[60];
        for (int i = 0; i < arrivals.length; i++) {
            arrivals[i] = i % 7 == 3 ? LOST : T0 + i * (i % 5 == 0 ? 80 : 2) * MS;
        }
        TransportFeedback.write(out, 1, 2, 0, 0, arrivals, 0, arrivals.length, 1200);
        byte[] good = ByteBufUtil.getBytes(out);
        Random random = new Random(15);
        int[] fewSeqs = new int[8];
        long[] fewMicros = new long[8];
        for (int round = 0; round < 20_000; round++) {
            byte[] bad = Arrays.copyOf(good, 1 + random.nextInt(good.length));
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
            }
            ByteBuf buf = Unpooled.wrappedBuffer(bad);
            try {
                if (rtcp.wrap(buf)) {
                    while (rtcp.next()) {
                        if (rtcp.bodyError() == null && rtcp.packetType() == RtcpPacket.RTPFB
                                && rtcp.countOrFormat() == TransportFeedback.FORMAT) {
                            int n = TransportFeedback.read(rtcp, round % 2 == 0 ? seqs : fewSeqs,
                                    round % 2 == 0 ? micros : fewMicros);
                            assertTrue(n >= -1 && n <= TransportFeedback.packetStatusCount(rtcp));
                        }
                    }
                }
            } finally {
                buf.release();
            }
        }
    }

    private int parse(ByteBuf buf) {
        assertTrue(rtcp.wrap(buf));
        assertTrue(rtcp.next());
        assertNull(rtcp.bodyError());
        assertEquals(RtcpPacket.RTPFB, rtcp.packetType());
        assertEquals(TransportFeedback.FORMAT, rtcp.countOrFormat());
        assertEquals(buf.readableBytes(), rtcp.length(), "one packet, its length field in words minus one");
        return TransportFeedback.read(rtcp, seqs, micros);
    }

    private List<Integer> seqs(int n) {
        return Arrays.stream(seqs, 0, n).boxed().toList();
    }

    /** What the receiver learns: the arrival rounded down to 250 µs, or NOT_ARRIVED when lost. */
    static long expectedMicros(long arrivalNanos) {
        return arrivalNanos == LOST ? TransportFeedback.NOT_ARRIVED : Math.floorDiv(arrivalNanos, 250_000L) * 250;
    }
}
