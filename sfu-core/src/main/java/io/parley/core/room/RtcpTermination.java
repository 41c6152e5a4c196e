package io.parley.core.room;

import io.netty.buffer.ByteBuf;
import io.parley.core.rtcp.Fir;
import io.parley.core.rtcp.Nack;
import io.parley.core.rtcp.NtpClock;
import io.parley.core.rtcp.Pli;
import io.parley.core.rtcp.Remb;
import io.parley.core.rtcp.ReportBlock;
import io.parley.core.rtcp.RtcpDropReason;
import io.parley.core.rtcp.RtcpPacket;
import io.parley.core.rtcp.SenderReport;
import io.parley.core.rtcp.TransportFeedback;
import io.parley.core.rtp.RtpPacket;

/**
 * Where a room's RTCP from participants ends (RFC 3550 §7: the SFU is an endpoint to each
 * participant, not a translator, and forwards no one's RTCP). Feedback about streams we send a
 * participant acts on them: NACKs are answered from the cache, keyframe requests go upstream to
 * the publisher (RFC 4585 §6.3.1 PLI, RFC 5104 §4.3.1 FIR), transport-wide feedback feeds the
 * participant's estimate. Reports give round-trip time and loss. Reuses its scratch views.
 */
final class RtcpTermination {
    /** Packets one transport-wide CC feedback may report on; a browser sends far fewer. */
    private static final int MAX_FEEDBACK_PACKETS = 8192;

    private final MediaCounters counters;
    private final MediaSettings settings;
    private final NtpClock clock;
    private final RtcpPacket rtcp = new RtcpPacket();
    /** Scratch for one transport-wide CC feedback's packets. */
    private final int[] feedbackSeqs = new int[MAX_FEEDBACK_PACKETS];
    private final long[] feedbackArrivals = new long[MAX_FEEDBACK_PACKETS];
    /** Scratch view of a cached packet being retransmitted. */
    private final RtpPacket retransmission = new RtpPacket();

    RtcpTermination(MediaCounters counters, MediaSettings settings, NtpClock clock) {
        this.counters = counters;
        this.settings = settings;
        this.clock = clock;
    }

    /** One compound packet from a joined participant, at {@code now}. */
    void receive(Participant from, ByteBuf packet, long now) {
        if (!rtcp.wrap(packet)) {
            dropRtcp(rtcp.dropReason());
            return;
        }
        while (rtcp.next()) {
            RtcpDropReason bodyError = rtcp.bodyError();
            if (bodyError != null) {
                dropRtcp(bodyError);
                continue;
            }
            switch (rtcp.packetType()) {
                case RtcpPacket.SR -> {
                    IncomingStream stream = from.streamBySsrc(rtcp.senderSsrc());
                    if (stream != null) {
                        stream.stats.senderReportReceived(SenderReport.ntp(rtcp), now);
                    }
                    reportBlocks(from, SenderReport.firstBlockOffset(rtcp, true), now);
                }
                case RtcpPacket.RR -> reportBlocks(from, SenderReport.firstBlockOffset(rtcp, false), now);
                case RtcpPacket.RTPFB -> transportFeedback(from, now);
                case RtcpPacket.PSFB -> payloadFeedback(from, now);
                default -> {
                    // SDES and BYE carry nothing the server acts on (signalling says who left).
                }
            }
        }
        if (rtcp.dropReason() != null) {
            dropRtcp(rtcp.dropReason());
        }
    }

    private void dropRtcp(RtcpDropReason reason) {
        counters.drop(reason);
    }

    /**
     * RFC 3550 §6.4.1: a block about a stream we send carries LSR (our SR's NTP time) and DLSR;
     * the round trip is now minus both.
     */
    private void reportBlocks(Participant from, int at, long now) {
        long ntpNow = NtpClock.middle(clock.ntp(now));
        for (int i = 0, n = rtcp.countOrFormat(); i < n; i++, at += ReportBlock.LENGTH) {
            Subscription s = from.subscriptionBySsrc(ReportBlock.ssrc(rtcp.buffer(), at));
            if (s == null) {
                continue;
            }
            long lsr = ReportBlock.lastSenderReport(rtcp.buffer(), at);
            if (lsr != 0) {
                long compact = (ntpNow - lsr - ReportBlock.delaySinceLastSenderReport(rtcp.buffer(), at)) & 0xFFFFFFFFL;
                if (compact < 0x8000_0000L) {
                    from.setRttNanos(NtpClock.compactToNanos(compact));
                }
            }
            s.reportReceived(ReportBlock.fractionLost(rtcp.buffer(), at));
        }
    }

    private void transportFeedback(Participant from, long now) {
        if (rtcp.countOrFormat() == TransportFeedback.FORMAT) {
            counters.count(Counter.TRANSPORT_FEEDBACK_RECEIVED, 1);
            int n = TransportFeedback.read(rtcp, feedbackSeqs, feedbackArrivals);
            if (n < 0) {
                dropRtcp(RtcpDropReason.BAD_FEEDBACK);
            } else {
                from.transportFeedback(feedbackSeqs, feedbackArrivals, n, now);
            }
            return;
        }
        if (rtcp.countOrFormat() != Nack.FORMAT) {
            return;
        }
        Subscription s = from.subscriptionBySsrc(rtcp.mediaSsrc());
        if (s == null) {
            return;
        }
        for (int i = 0, n = Nack.itemCount(rtcp); i < n; i++) {
            int pid = Nack.packetId(rtcp, i);
            int mask = Nack.lostBitmask(rtcp, i);
            retransmit(s, pid, now);
            for (int bit = 0; mask != 0 && bit < 16; bit++) {
                if ((mask & (1 << bit)) != 0) {
                    retransmit(s, (pid + bit + 1) & 0xFFFF, now);
                }
            }
        }
    }

    private void retransmit(Subscription s, int seq, long now) {
        counters.count(Counter.NACKED_BY_SUBSCRIBERS, 1);
        if (settings.nack()) {
            counters.count(s.retransmit(seq, retransmission, now), 1);
        }
    }

    private void payloadFeedback(Participant from, long now) {
        int format = rtcp.countOrFormat();
        if (format == Pli.FORMAT) {
            keyframeRequested(from, rtcp.mediaSsrc(), now);
        } else if (format == Fir.FORMAT) {
            for (int i = 0, n = Fir.entryCount(rtcp); i < n; i++) {
                keyframeRequested(from, Fir.ssrc(rtcp, i), now);
            }
        } else if (Remb.isRemb(rtcp)) {
            from.setEstimatedBitrate(Remb.bitrate(rtcp));
        }
    }

    private void keyframeRequested(Participant subscriber, long ssrc, long now) {
        Subscription s = subscriber.subscriptionBySsrc(ssrc);
        if (s != null) {
            s.keyframeRequestedBySubscriber(now);
        }
    }
}
