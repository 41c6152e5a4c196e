package io.parley.core.rtcp;

/**
 * Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01
 * §3.1): transport-layer feedback with FMT 15. Read for validation and counting only until the
 * bandwidth estimator consumes it.
 */
public final class TransportFeedback {
    public static final int FORMAT = 15;
    /** Header and SSRCs (12), base sequence, status count, reference time and feedback count (8). */
    public static final int MIN_LENGTH = 20;

    private TransportFeedback() {
    }

    public static int baseSequenceNumber(RtcpPacket p) {
        return p.buffer().getUnsignedShort(p.offset() + 12);
    }

    public static int packetStatusCount(RtcpPacket p) {
        return p.buffer().getUnsignedShort(p.offset() + 14);
    }
}
