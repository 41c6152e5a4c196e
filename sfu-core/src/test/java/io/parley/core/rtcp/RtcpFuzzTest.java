package io.parley.core.rtcp;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Fuzzes the RTCP compound iterator and the readers of every packet type the server acts on:
 * SR/RR report blocks, transport-wide feedback, NACK, FIR, PLI and REMB. Contract: a malformed
 * header ends iteration with a {@link RtcpPacket#dropReason()}, a malformed body is reported by
 * {@link RtcpPacket#bodyError()}, {@link TransportFeedback#read} returns -1; nothing throws, and
 * a packet that passed its checks is read within its own length (each one is read again from a
 * buffer holding only it, so a read past it throws).
 */
class RtcpFuzzTest {
    private final int[] seqs = new int[8192];
    private final long[] arrivals = new long[8192];
    private final int[] fewSeqs = new int[3];
    private final long[] fewArrivals = new long[3];

    @FuzzTest(maxDuration = "60s")
    void compoundPacket(byte[] data) {
        ByteBuf buf = Unpooled.wrappedBuffer(data);
        try {
            RtcpPacket rtcp = new RtcpPacket();
            if (!rtcp.wrap(buf)) {
                assertNotNull(rtcp.dropReason());
                return;
            }
            int packets = 0;
            while (rtcp.next()) {
                assertTrue(++packets <= data.length / 4, "each packet takes at least 4 bytes");
                assertTrue(rtcp.length() >= 4 && rtcp.offset() + rtcp.length() <= data.length);
                ByteBuf alone = Unpooled.wrappedBuffer(data, rtcp.offset(), rtcp.length());
                try {
                    RtcpPacket one = new RtcpPacket();
                    assertTrue(one.wrap(alone) && one.next(), "a packet of the compound stands alone");
                    readBody(one);
                } finally {
                    alone.release();
                }
            }
        } finally {
            buf.release();
        }
    }

    /** What Room.onRtcp reads of one packet, after its checks. */
    private void readBody(RtcpPacket p) {
        int len = p.contentLength();
        assertTrue(len >= 4 && len <= p.length(), "content length " + len + " of " + p.length());
        if (p.bodyError() != null) {
            return;
        }
        p.senderSsrc();
        p.mediaSsrc();
        switch (p.packetType()) {
            case RtcpPacket.SR, RtcpPacket.RR -> {
                boolean sr = p.packetType() == RtcpPacket.SR;
                if (sr) {
                    SenderReport.ntp(p);
                }
                int at = SenderReport.firstBlockOffset(p, sr);
                for (int i = 0; i < p.countOrFormat(); i++, at += ReportBlock.LENGTH) {
                    assertTrue(at + ReportBlock.LENGTH <= p.offset() + len, "report block past the content");
                    ReportBlock.ssrc(p.buffer(), at);
                    ReportBlock.fractionLost(p.buffer(), at);
                    ReportBlock.cumulativeLost(p.buffer(), at);
                    ReportBlock.lastSenderReport(p.buffer(), at);
                    ReportBlock.delaySinceLastSenderReport(p.buffer(), at);
                }
            }
            case RtcpPacket.RTPFB -> {
                if (p.countOrFormat() == TransportFeedback.FORMAT) {
                    int n = TransportFeedback.read(p, seqs, arrivals);
                    assertTrue(n >= -1 && n <= TransportFeedback.packetStatusCount(p));
                    int few = TransportFeedback.read(p, fewSeqs, fewArrivals);
                    assertTrue(few >= -1 && few <= fewSeqs.length);
                } else if (p.countOrFormat() == Nack.FORMAT) {
                    int items = Nack.itemCount(p);
                    assertTrue(items >= 1 && Nack.HEADER_LENGTH + 4 * items <= len);
                    for (int i = 0; i < items; i++) {
                        Nack.packetId(p, i);
                        Nack.lostBitmask(p, i);
                    }
                }
            }
            case RtcpPacket.PSFB -> {
                if (p.countOrFormat() == Fir.FORMAT) {
                    int entries = Fir.entryCount(p);
                    assertTrue(12 + 8 * entries <= len, entries + " FIR entries in " + len + " bytes of content");
                    for (int i = 0; i < entries; i++) {
                        Fir.ssrc(p, i);
                        Fir.sequenceNumber(p, i);
                    }
                } else if (Remb.isRemb(p)) {
                    assertTrue(Remb.bitrate(p) >= 0);
                    Remb.ssrcCount(p);
                }
            }
            default -> {
            }
        }
    }
}
