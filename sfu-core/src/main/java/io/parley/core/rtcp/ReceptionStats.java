package io.parley.core.rtcp;

import io.netty.buffer.ByteBuf;

/**
 * What a receiver knows about one incoming RTP stream, for its reception report block
 * (RFC 3550 §6.4.1): extended highest sequence number (Appendix A.1), loss (A.3), interarrival
 * jitter (A.8) and the time of the sender's last SR. Not thread-safe.
 */
public final class ReceptionStats {
    private static final long MAX_CUMULATIVE_LOST = 0x7FFFFF;
    private static final long MIN_CUMULATIVE_LOST = -0x800000;

    private final int clockRate;
    private boolean started;
    private long startNanos;
    private int baseSeq;
    private int maxSeq;
    private long cycles;
    private long received;
    private long expectedPrior;
    private long receivedPrior;
    private long lastTransit;
    /** Jitter in RTP timestamp units, kept scaled by 16 as in RFC 3550 A.8's integer form. */
    private long jitterScaled;
    private boolean srReceived;
    private long lastSrMiddle;
    private long lastSrNanos;

    public ReceptionStats(int clockRate) {
        this.clockRate = clockRate;
    }

    public void received(int seq, long rtpTimestamp, long nowNanos) {
        if (!started) {
            started = true;
            startNanos = nowNanos;
            baseSeq = seq;
            maxSeq = seq;
        } else {
            int delta = (seq - maxSeq) & 0xFFFF;
            if (delta != 0 && delta < 0x8000) {
                if (seq < maxSeq) {
                    cycles += 0x10000;
                }
                maxSeq = seq;
            }
        }
        received++;
        long arrival = (nowNanos - startNanos) / 1000 * clockRate / 1_000_000;
        long transit = arrival - rtpTimestamp;
        if (received > 1) {
            long d = Math.abs(transit - lastTransit);
            jitterScaled += d - ((jitterScaled + 8) >> 4);
        }
        lastTransit = transit;
    }

    public void senderReportReceived(long ntp, long nowNanos) {
        srReceived = true;
        lastSrMiddle = NtpClock.middle(ntp);
        lastSrNanos = nowNanos;
    }

    public boolean hasPackets() {
        return started;
    }

    public long extendedHighestSequenceNumber() {
        return cycles + maxSeq;
    }

    public long cumulativeLost() {
        return extendedHighestSequenceNumber() - baseSeq + 1 - received;
    }

    /** Writes this stream's report block and starts the next reporting interval. */
    public void writeBlock(ByteBuf out, long ssrc, long nowNanos) {
        long expected = extendedHighestSequenceNumber() - baseSeq + 1;
        long expectedInterval = expected - expectedPrior;
        long lostInterval = expectedInterval - (received - receivedPrior);
        expectedPrior = expected;
        receivedPrior = received;
        int fraction = expectedInterval == 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
        long lost = Math.max(MIN_CUMULATIVE_LOST, Math.min(MAX_CUMULATIVE_LOST, expected - received));
        long delay = !srReceived ? 0 : NtpClock.nanosToCompact(nowNanos - lastSrNanos);
        ReportBlock.write(out, ssrc, Math.min(fraction, 255), (int) lost, extendedHighestSequenceNumber(),
                jitterScaled >> 4, lastSrMiddle, delay);
    }
}
