package io.parley.core.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** The feedback and report messages the server writes and reads, against the RFCs' layouts. */
class FeedbackAndReportsTest {
    private final RtcpPacket rtcp = new RtcpPacket();

    @Test
    void nackPacksLossesIntoPidAndBitmaskItems() {
        ByteBuf out = Unpooled.buffer();
        int[] lost = {65534, 65535, 3, 20, 40};
        int length = Nack.write(out, 1, 0xCAFEL, lost, lost.length);
        assertEquals(12 + 3 * 4, length);
        assertTrue(rtcp.wrap(out));
        assertTrue(rtcp.next());
        assertNull(rtcp.bodyError());
        assertEquals(0xCAFEL, rtcp.mediaSsrc());
        assertEquals(3, Nack.itemCount(rtcp));
        // 65534 with 65535 (distance 1, bit 0) and 3 (distance 5 across the wrap, bit 4).
        assertEquals(65534, Nack.packetId(rtcp, 0));
        assertEquals(0b1_0001, Nack.lostBitmask(rtcp, 0));
        assertEquals(20, Nack.packetId(rtcp, 1));
        assertEquals(0, Nack.lostBitmask(rtcp, 1), "40 is 20 away: an item of its own");
        assertEquals(40, Nack.packetId(rtcp, 2));
    }

    @Test
    void rembCarriesAnExponentAndMantissa() {
        // draft-alvestrand-rmcat-remb-03 §2.2: 1 SSRC, exponent 4, mantissa 78125 = 1.25 Mbit/s.
        int bits = (1 << 24) | (4 << 18) | 78125;
        byte[] remb = ByteBuffer.allocate(24).put((byte) 0x8F).put((byte) RtcpPacket.PSFB).putShort((short) 5)
                .putInt(1).putInt(0).put("REMB".getBytes()).putInt(bits).putInt(0x1234).array();
        assertTrue(rtcp.wrap(Unpooled.wrappedBuffer(remb)));
        assertTrue(rtcp.next());
        assertNull(rtcp.bodyError());
        assertTrue(Remb.isRemb(rtcp));
        assertEquals(1, Remb.ssrcCount(rtcp));
        assertEquals(1_250_000L, Remb.bitrate(rtcp));

        byte[] lying = remb.clone();
        lying[16] = 5;
        assertTrue(rtcp.wrap(Unpooled.wrappedBuffer(lying)));
        assertTrue(rtcp.next());
        assertEquals(RtcpDropReason.BAD_FEEDBACK, rtcp.bodyError(), "five SSRCs claimed, one present");
    }

    @Test
    void transportFeedbackListsArrivalsFromItsChunksAndDeltas() {
        // Base 65534, 4 packets: a 2-bit status vector (received small, lost, received large,
        // received small); reference time 1 (64 ms); deltas 4 (1 ms), -8 (-2 ms), 2 (0.5 ms).
        byte[] fb = java.nio.ByteBuffer.allocate(32).put((byte) 0x8F).put((byte) RtcpPacket.RTPFB).putShort((short) 7)
                .putInt(1).putInt(2).putShort((short) 65534).putShort((short) 4)
                .put((byte) 0).put((byte) 0).put((byte) 1).put((byte) 0)
                .putShort((short) (0xC000 | 1 << 12 | 0 << 10 | 2 << 8 | 1 << 6))
                .put((byte) 4).putShort((short) -8).put((byte) 2).array();
        assertTrue(rtcp.wrap(Unpooled.wrappedBuffer(fb)));
        assertTrue(rtcp.next());
        assertNull(rtcp.bodyError());
        int[] seqs = new int[8];
        long[] at = new long[8];
        assertEquals(4, TransportFeedback.read(rtcp, seqs, at));
        assertEquals(65534, seqs[0]);
        assertEquals(1, seqs[3], "sequence numbers wrap");
        assertEquals(65_000, at[0]);
        assertEquals(TransportFeedback.NOT_ARRIVED, at[1]);
        assertEquals(63_000, at[2]);
        assertEquals(63_500, at[3]);

        byte[] cut = java.util.Arrays.copyOf(fb, 24);
        cut[3] = 5;
        assertTrue(rtcp.wrap(Unpooled.wrappedBuffer(cut)));
        assertTrue(rtcp.next());
        assertEquals(-1, TransportFeedback.read(rtcp, seqs, at), "deltas missing: malformed");
    }

    @Test
    void transportFeedbackNeedsItsFixedFields() {
        byte[] tooShort = ByteBuffer.allocate(16).put((byte) 0x8F).put((byte) RtcpPacket.RTPFB).putShort((short) 3)
                .putInt(1).putInt(2).putInt(0).array();
        assertTrue(rtcp.wrap(Unpooled.wrappedBuffer(tooShort)));
        assertTrue(rtcp.next());
        assertEquals(RtcpDropReason.BAD_FEEDBACK, rtcp.bodyError());
    }

    @Test
    void receptionStatsFollowRfc3550AppendixA() {
        ReceptionStats stats = new ReceptionStats(90000);
        long ms = 1_000_000L;
        // Ten packets 65530..65539 across the wrap; 65533 and 2 never arrive, 65531 twice.
        int[] arrivals = {65530, 65531, 65531, 65532, 65534, 65535, 0, 1, 3};
        for (int i = 0; i < arrivals.length; i++) {
            stats.received(arrivals[i], 3000L * i, 33 * ms * i);
        }
        assertEquals(0x10000 + 3, stats.extendedHighestSequenceNumber());
        assertEquals(1, stats.cumulativeLost(), "duplicates count as received (A.3)");
        stats.senderReportReceived(0x0102_0304_0506_0708L, 0);

        ByteBuf out = Unpooled.buffer();
        stats.writeBlock(out, 0xABCL, 500 * ms);
        assertEquals(ReportBlock.LENGTH, out.readableBytes());
        assertEquals(0xABCL, ReportBlock.ssrc(out, 0));
        assertEquals(256 / 10, ReportBlock.fractionLost(out, 0), "1 of 10 expected, in 1/256");
        assertEquals(1, ReportBlock.cumulativeLost(out, 0));
        assertEquals(0x0304_0506L, ReportBlock.lastSenderReport(out, 0), "LSR: the middle 32 bits");
        assertEquals(32768, ReportBlock.delaySinceLastSenderReport(out, 0), "DLSR: 0.5 s in 1/65536 s");

        out.clear();
        stats.writeBlock(out, 0xABCL, 600 * ms);
        assertEquals(0, ReportBlock.fractionLost(out, 0), "nothing new lost in the next interval");
    }

    @Test
    void ntpTimeCountsFrom1900() {
        NtpClock clock = new NtpClock(0, 0);
        long ntp = clock.ntp(1_500_000_000L);
        assertEquals(2_208_988_801L, ntp >>> 32);
        assertEquals(0x8000_0000L, ntp & 0xFFFF_FFFFL, "half a second");
        assertEquals(1_500_000_000L % 1_000_000_000L, NtpClock.compactToNanos(NtpClock.nanosToCompact(500_000_000L)));
    }
}
