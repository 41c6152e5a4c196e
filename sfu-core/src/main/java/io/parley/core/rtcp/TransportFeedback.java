package io.parley.core.rtcp;

/**
 * Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01
 * §3.1): transport-layer feedback with FMT 15. It lists, from a base transport-wide sequence
 * number, which packets arrived and when (a reference time in 64 ms units, then per-packet deltas
 * in 250 µs units).
 */
public final class TransportFeedback {
    public static final int FORMAT = 15;
    /** Header and SSRCs (12), base sequence, status count, reference time and feedback count (8). */
    public static final int MIN_LENGTH = 20;
    private static final int NOT_RECEIVED = 0;
    private static final int SMALL_DELTA = 1;
    private static final int LARGE_DELTA = 2;
    private static final long DELTA_MICROS = 250;
    private static final long REFERENCE_MICROS = 64_000;

    private TransportFeedback() {
    }

    public static int baseSequenceNumber(RtcpPacket p) {
        return p.buffer().getUnsignedShort(p.offset() + 12);
    }

    public static int packetStatusCount(RtcpPacket p) {
        return p.buffer().getUnsignedShort(p.offset() + 14);
    }

    /**
     * Reads every packet's fate into {@code seqs} and {@code arrivalMicros} (receiver's clock;
     * -1 when not received). Returns how many, at most the arrays' length, or -1 when the
     * chunks or deltas run past the packet (malformed).
     */
    public static int read(RtcpPacket p, int[] seqs, long[] arrivalMicros) {
        var buf = p.buffer();
        int end = p.offset() + p.contentLength();
        int base = baseSequenceNumber(p);
        int count = Math.min(packetStatusCount(p), seqs.length);
        int total = packetStatusCount(p);
        long reference = (buf.getMedium(p.offset() + 16) << 8 >> 8) * REFERENCE_MICROS;
        // First pass: the status symbols of all packets, from the chunks.
        int at = p.offset() + 20;
        int n = 0;
        while (n < total) {
            if (at + 2 > end) {
                return -1;
            }
            int chunk = buf.getUnsignedShort(at);
            at += 2;
            if ((chunk & 0x8000) == 0) {
                int symbol = (chunk >> 13) & 0x3;
                int run = chunk & 0x1FFF;
                for (int i = 0; i < run && n < total; i++, n++) {
                    if (n < count) {
                        seqs[n] = symbol;
                    }
                }
            } else {
                boolean twoBit = (chunk & 0x4000) != 0;
                int symbols = twoBit ? 7 : 14;
                for (int i = 0; i < symbols && n < total; i++, n++) {
                    int symbol = twoBit ? (chunk >> (12 - 2 * i)) & 0x3 : (chunk >> (13 - i)) & 0x1;
                    if (n < count) {
                        seqs[n] = symbol;
                    }
                }
            }
        }
        // Second pass: the receive deltas of the received ones, in order.
        long arrival = reference;
        for (int i = 0; i < count; i++) {
            int symbol = seqs[i];
            if (symbol == NOT_RECEIVED) {
                arrivalMicros[i] = -1;
            } else if (symbol == SMALL_DELTA) {
                if (at + 1 > end) {
                    return -1;
                }
                arrival += buf.getUnsignedByte(at++) * DELTA_MICROS;
                arrivalMicros[i] = arrival;
            } else if (symbol == LARGE_DELTA) {
                if (at + 2 > end) {
                    return -1;
                }
                arrival += buf.getShort(at) * DELTA_MICROS;
                at += 2;
                arrivalMicros[i] = arrival;
            } else {
                return -1;
            }
            seqs[i] = (base + i) & 0xFFFF;
        }
        return count;
    }
}
