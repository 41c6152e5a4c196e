package io.parley.core.bwe;

import io.parley.core.rtcp.TransportFeedback;

/**
 * What one probe sent and what of it arrived. Its result is the lower of the rate it went out
 * at and the rate it arrived at: a link that kept up delivers what was sent; one that could
 * not spreads the arrivals out to its own rate (the packet-train idea behind GCC's probing).
 */
final class ProbeTrain {
    /** Fewer packets than this say nothing reliable about a rate. */
    private static final int MIN_PACKETS = 10;
    private static final double MAX_LOSS = 0.1;

    boolean sending;
    boolean awaited;
    int lastSeq = -1;
    long endNanos;
    private int packets;
    private int lost;
    private long sentBytes;
    private long receivedBytes;
    private long firstSendNanos;
    private long lastSendNanos;
    private long firstArrivalMicros;
    private long lastArrivalMicros;

    void begin() {
        sending = true;
        awaited = false;
        lastSeq = -1;
        packets = 0;
        lost = 0;
        sentBytes = 0;
        receivedBytes = 0;
        firstSendNanos = Long.MAX_VALUE;
        lastSendNanos = Long.MIN_VALUE;
        firstArrivalMicros = Long.MAX_VALUE;
        lastArrivalMicros = Long.MIN_VALUE;
    }

    void add(int bytes, long sendNanos, long arrivalMicros) {
        packets++;
        sentBytes += bytes;
        firstSendNanos = Math.min(firstSendNanos, sendNanos);
        lastSendNanos = Math.max(lastSendNanos, sendNanos);
        if (arrivalMicros == TransportFeedback.NOT_ARRIVED) {
            lost++;
            return;
        }
        receivedBytes += bytes;
        firstArrivalMicros = Math.min(firstArrivalMicros, arrivalMicros);
        lastArrivalMicros = Math.max(lastArrivalMicros, arrivalMicros);
    }

    /** The rate the link took during the probe, bit/s, or -1 when the probe says nothing. */
    long resultBps() {
        long sendSpan = (lastSendNanos - firstSendNanos) / 1000;
        long arrivalSpan = lastArrivalMicros - firstArrivalMicros;
        if (packets < MIN_PACKETS || lost > packets * MAX_LOSS || sendSpan <= 0 || arrivalSpan <= 0) {
            return -1;
        }
        // n packets span n - 1 gaps: leave one packet's share out of each rate.
        int arrived = packets - lost;
        long sent = sentBytes * (packets - 1) / packets * 8 * 1_000_000 / sendSpan;
        long received = receivedBytes * (arrived - 1) / arrived * 8 * 1_000_000 / arrivalSpan;
        return Math.min(sent, received);
    }
}
