package io.parley.core.bwe;

import java.util.Arrays;

import io.netty.buffer.ByteBuf;
import io.parley.core.rtcp.TransportFeedback;

/**
 * When each packet a publisher sent us arrived, by transport-wide sequence number, and the
 * transport-wide CC feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1) that tells
 * its browser: with it, the browser's send-side estimator (GCC, draft-ietf-rmcat-gcc-02) sizes
 * the publisher's uplink, instead of guessing it from loss alone.
 *
 * <p>Each feedback covers the packets from the first not yet reported up to the newest arrival,
 * the missing ones among them reported as not received. A packet that arrives after it was so
 * reported moves the start back to it, and the next feedback reports it and everything after it
 * again (libwebrtc's receiver does the same; its sender takes a later "received" over an earlier
 * "lost"). Arrivals are kept in a ring of {@link #CAPACITY} slots allocated once: a packet older
 * than that is dropped, as are unreported ones pushed out of it when feedback is not written
 * often enough. Duplicates keep their first arrival. Not thread-safe: one per publisher, on the
 * room's loop.
 */
public final class ArrivalRecorder {
    /**
     * How often to write feedback. libwebrtc's receivers send it every 50 to 250 ms (100 ms by
     * default), more often the higher the bitrate; 100 ms keeps the browser's delay-based
     * estimate responsive at a few kbit/s of RTCP, and is five of the room's 20 ms ticks.
     */
    public static final long FEEDBACK_INTERVAL_NANOS = 100_000_000L;
    /**
     * The largest feedback message, in bytes: with SRTCP's index and tag (20) it fits an IPv6
     * minimum-MTU datagram (1280 - 40 - 8). At one byte per packet that is over 1100 packets, ten
     * times what a 10 Mbit/s publisher sends in {@link #FEEDBACK_INTERVAL_NANOS}.
     */
    public static final int MAX_FEEDBACK_LENGTH = 1200;
    /** Arrivals remembered: seconds of a publisher's packets, and room for reordering. */
    static final int CAPACITY = 4096;
    private static final int MASK = CAPACITY - 1;

    private final long[] arrivals = new long[CAPACITY];
    private boolean started;
    /** The highest sequence number received, unwrapped to 64 bits. */
    private long highest;
    /** The first unwrapped sequence number the next feedback covers. */
    private long next;
    private int feedbackCount;
    /** The SSRC of the last packet recorded, the media source the feedback names. */
    private long mediaSsrc;

    public ArrivalRecorder() {
        Arrays.fill(arrivals, TransportFeedback.NOT_ARRIVED);
    }

    /**
     * A packet of stream {@code ssrc} carrying transport-wide sequence number
     * {@code transportSeq} (16 bits) arrived at {@code arrivalNanos} ({@link System#nanoTime()}
     * of the datagram).
     */
    public void record(int transportSeq, long ssrc, long arrivalNanos) {
        mediaSsrc = ssrc;
        if (!started) {
            started = true;
            highest = transportSeq & 0xFFFF;
            next = highest;
            arrivals[slot(highest)] = arrivalNanos;
            return;
        }
        // The nearest 64-bit value with these low 16 bits (RFC 3550 Appendix A.1 in spirit).
        long seq = highest + (short) (transportSeq - (int) highest);
        if (seq > highest) {
            if (seq - highest >= CAPACITY) {
                Arrays.fill(arrivals, TransportFeedback.NOT_ARRIVED);
            } else {
                for (long s = highest + 1; s < seq; s++) {
                    arrivals[slot(s)] = TransportFeedback.NOT_ARRIVED;
                }
            }
            highest = seq;
            next = Math.max(next, seq - CAPACITY + 1);
            arrivals[slot(seq)] = arrivalNanos;
            return;
        }
        if (seq <= highest - CAPACITY || arrivals[slot(seq)] != TransportFeedback.NOT_ARRIVED) {
            return;
        }
        arrivals[slot(seq)] = arrivalNanos;
        next = Math.min(next, seq);
    }

    /** Whether packets arrived that no feedback has covered yet. */
    public boolean hasPending() {
        return started && next <= highest;
    }

    /**
     * Writes one feedback message about the pending packets, at most {@link #MAX_FEEDBACK_LENGTH}
     * bytes, and returns its length, or 0 when nothing is pending. It may be padded, so it must
     * be the last packet of its compound (RFC 3550 §6.4.1). While {@link #hasPending()} stays
     * true, more messages are needed: a long gap between two arrivals or too many packets. The
     * media source is the last packet's SSRC, as libwebrtc's receiver has it: its sender ignores
     * transport feedback naming an SSRC that is not one of its own.
     *
     * @param senderSsrc the server's RTCP SSRC
     */
    public int writeFeedback(ByteBuf out, long senderSsrc) {
        if (!hasPending()) {
            return 0;
        }
        int start = out.writerIndex();
        next += TransportFeedback.write(out, senderSsrc, mediaSsrc, (int) next & 0xFFFF, feedbackCount,
                arrivals, slot(next), (int) (highest - next + 1), MAX_FEEDBACK_LENGTH);
        feedbackCount = (feedbackCount + 1) & 0xFF;
        return out.writerIndex() - start;
    }

    private static int slot(long seq) {
        return (int) seq & MASK;
    }
}
