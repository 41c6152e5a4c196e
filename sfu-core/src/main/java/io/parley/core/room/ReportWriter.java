package io.parley.core.room;

import java.nio.charset.StandardCharsets;
import java.util.Collection;

import io.netty.buffer.ByteBuf;
import io.parley.core.rtcp.NtpClock;
import io.parley.core.rtcp.ReportBlock;
import io.parley.core.rtcp.Sdes;
import io.parley.core.rtcp.SenderReport;

/**
 * Writes one participant's RTCP reports (RFC 3550 §6.4): a receiver report from the server's own
 * SSRC about each stream it publishes, and a sender report for each stream it receives from the
 * server, each compound with the CNAMEs of its senders (§6.1).
 */
final class ReportWriter {
    /** SRTCP index and auth tag (RFC 3711 §3.4, RFC 7714 §7.2) fit without regrowth. */
    private static final int SRTCP_TAILROOM = 20;
    /** CNAME of the server's own SSRC, the sender of its receiver reports and feedback. */
    private static final byte[] SERVER_CNAME = "parley".getBytes(StandardCharsets.US_ASCII);
    /** Sender reports per compound packet: with their CNAMEs they stay well below the MTU. */
    private static final int SENDER_REPORTS_PER_PACKET = 16;
    private static final int MAX_REPORT_BLOCKS = 31;

    private final Room room;
    private final MediaTransport transport;
    private final long rtcpSsrc;
    private final Subscription[] senderReportBatch = new Subscription[SENDER_REPORTS_PER_PACKET];

    ReportWriter(Room room, MediaTransport transport, long rtcpSsrc) {
        this.room = room;
        this.transport = transport;
        this.rtcpSsrc = rtcpSsrc;
    }

    /** The reports owed now, about {@code streams} it publishes and {@code subscriptions} it receives. */
    void send(Collection<IncomingStream> streams, Collection<Subscription> subscriptions, long nowNanos,
              NtpClock clock) {
        long ntp = clock.ntp(nowNanos);
        int blocks = 0;
        for (IncomingStream stream : streams) {
            if (stream.stats.hasPackets()) {
                blocks++;
            }
        }
        blocks = Math.min(blocks, MAX_REPORT_BLOCKS);
        if (blocks > 0) {
            ByteBuf out = room.allocator().buffer(8 + ReportBlock.LENGTH * blocks + 4
                    + Sdes.chunkLength(SERVER_CNAME) + SRTCP_TAILROOM);
            ReportBlock.writeReceiverReportHeader(out, rtcpSsrc, blocks);
            int written = 0;
            for (IncomingStream stream : streams) {
                if (stream.stats.hasPackets() && written++ < blocks) {
                    stream.stats.writeBlock(out, stream.ssrc, nowNanos);
                }
            }
            int sdes = Sdes.begin(out);
            Sdes.writeCname(out, rtcpSsrc, SERVER_CNAME);
            Sdes.end(out, sdes, 1);
            room.count(Counter.REPORTS_SENT);
            transport.sendRtcp(out);
        }
        int batched = 0;
        for (Subscription s : subscriptions) {
            if (s.hasSent()) {
                senderReportBatch[batched++] = s;
                if (batched == SENDER_REPORTS_PER_PACKET) {
                    sendSenderReports(batched, ntp, nowNanos);
                    batched = 0;
                }
            }
        }
        if (batched > 0) {
            sendSenderReports(batched, ntp, nowNanos);
        }
    }

    private void sendSenderReports(int count, long ntp, long nowNanos) {
        int length = SRTCP_TAILROOM + 4;
        for (int i = 0; i < count; i++) {
            length += SenderReport.LENGTH + Sdes.chunkLength(senderReportBatch[i].track().publisher().cname());
        }
        ByteBuf out = room.allocator().buffer(length);
        for (int i = 0; i < count; i++) {
            Subscription s = senderReportBatch[i];
            SenderReport.write(out, s.ssrc(), ntp, s.timestampAt(nowNanos), s.packetsSent(), s.octetsSent());
        }
        int sdes = Sdes.begin(out);
        for (int i = 0; i < count; i++) {
            Subscription s = senderReportBatch[i];
            Sdes.writeCname(out, s.ssrc(), s.track().publisher().cname());
            senderReportBatch[i] = null;
        }
        Sdes.end(out, sdes, count);
        room.count(Counter.REPORTS_SENT, count);
        transport.sendRtcp(out);
    }
}
