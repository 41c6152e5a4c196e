package io.parley.core.rtcp;

import io.netty.buffer.ByteBuf;

/**
 * Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01
 * §3.1): transport-layer feedback with FMT 15. It lists, from a base transport-wide sequence
 * number, which packets arrived and when (a reference time in 64 ms units, then per-packet deltas
 * in 250 µs units). Read from subscribers, whose feedback drives our estimate of their downlink;
 * written to publishers, whose browsers estimate their uplink from it.
 */
public final class TransportFeedback {
    public static final int FORMAT = 15;
    /** Header and SSRCs (12), base sequence, status count, reference time and feedback count (8). */
    public static final int MIN_LENGTH = 20;
    /** The arrival time {@link #write} takes for a packet that has not arrived. */
    public static final long NOT_ARRIVED = Long.MIN_VALUE;
    /** The smallest {@code maxLength} of {@link #write}: one chunk and one delta, padded. */
    public static final int MIN_WRITE_LENGTH = MIN_LENGTH + 4;
    /** Status symbols (§3.1.1); a symbol's value is also the size of its receive delta in bytes. */
    private static final int NOT_RECEIVED = 0;
    private static final int SMALL_DELTA = 1;
    private static final int LARGE_DELTA = 2;
    private static final long DELTA_MICROS = 250;
    private static final long REFERENCE_MICROS = 64_000;
    private static final long DELTA_NANOS = DELTA_MICROS * 1000;
    /** One reference time unit (64 ms) in delta units (250 µs). */
    private static final int DELTAS_PER_REFERENCE = 256;
    /** §3.1.3: a run length chunk counts up to 2^13 - 1 packets. */
    private static final int MAX_RUN = 0x1FFF;
    /** §3.1.4: a status vector chunk with two-bit symbols holds seven. */
    private static final int VECTOR_SYMBOLS = 7;
    private static final int MAX_STATUS_COUNT = 0xFFFF;

    private TransportFeedback() {
    }

    /**
     * Writes one feedback message about the packets {@code baseSeq, baseSeq + 1, ...}: packet
     * {@code i} arrived at {@code arrivalNanos[(first + i) % arrivalNanos.length]} (any monotonic
     * clock in ns, {@link #NOT_ARRIVED} if it did not), so a ring buffer can be passed as it is.
     * Covers the first {@code count} packets, or fewer when the message would grow past
     * {@code maxLength} bytes or a receive delta does not fit its signed 16 bits (§3.1.5: two
     * arrivals more than 8.19 s apart); the rest then needs another message, with a reference
     * time of its own. Returns how many packets it covers, at least one.
     *
     * <p>The reference time is the first arrival's, rounded down to 64 ms, so its delta always
     * fits one byte; each delta is then taken between arrival times rounded down to 250 µs, so
     * the rounding does not accumulate. Statuses go in run length chunks (§3.1.3) where a symbol
     * repeats, else in status vector chunks of seven two-bit symbols (§3.1.4). The message is
     * padded to 32 bits as libwebrtc pads it (RFC 3550 §6.4.1: the P bit, the last octet counts
     * the padding), so it must be the last packet of its compound.
     */
    public static int write(ByteBuf out, long senderSsrc, long mediaSsrc, int baseSeq, int feedbackCount,
                            long[] arrivalNanos, int first, int count, int maxLength) {
        if (count < 1 || count > arrivalNanos.length || first < 0 || first >= arrivalNanos.length) {
            throw new IllegalArgumentException("count " + count + " from " + first + " of " + arrivalNanos.length);
        }
        if (maxLength < MIN_WRITE_LENGTH) {
            throw new IllegalArgumentException("maxLength " + maxLength + " < " + MIN_WRITE_LENGTH);
        }
        int ring = arrivalNanos.length;
        count = Math.min(count, MAX_STATUS_COUNT);
        long referenceTicks = 0;
        for (int i = 0, slot = first; i < count; i++, slot = slot + 1 == ring ? 0 : slot + 1) {
            if (arrivalNanos[slot] != NOT_ARRIVED) {
                referenceTicks = Math.floorDiv(arrivalNanos[slot], DELTA_NANOS) & -DELTAS_PER_REFERENCE;
                break;
            }
        }
        int start = out.writerIndex();
        RtcpPacket.writeFeedbackHeader(out, FORMAT, RtcpPacket.RTPFB, 0, senderSsrc, mediaSsrc);
        out.writeShort(baseSeq);
        out.writeShort(0);
        // 24 bits, wrapping every 12.4 days; receivers unwrap it between messages.
        out.writeMedium((int) (referenceTicks / DELTAS_PER_REFERENCE));
        out.writeByte(feedbackCount);

        // First pass: the status chunks, deciding how many packets fit.
        int chunks = 0;
        int deltaBytes = 0;
        int pending = 0;
        int pendingSymbols = 0;
        int pendingFirst = 0;
        boolean pendingSame = true;
        long previous = referenceTicks;
        int covered = 0;
        for (int slot = first; covered < count; covered++, slot = slot + 1 == ring ? 0 : slot + 1) {
            int symbol = NOT_RECEIVED;
            long ticks = 0;
            if (arrivalNanos[slot] != NOT_ARRIVED) {
                ticks = Math.floorDiv(arrivalNanos[slot], DELTA_NANOS);
                long delta = ticks - previous;
                if (delta != (short) delta) {
                    break;
                }
                symbol = delta >= 0 && delta <= 0xFF ? SMALL_DELTA : LARGE_DELTA;
            }
            boolean fits = pending < VECTOR_SYMBOLS || (pendingSame && symbol == pendingFirst && pending < MAX_RUN);
            int length = MIN_LENGTH + 2 * (chunks + (fits ? 1 : 2)) + deltaBytes + symbol;
            if (((length + 3) & ~3) > maxLength) {
                break;
            }
            if (!fits) {
                out.writeShort(chunk(pending, pendingSymbols, pendingFirst, pendingSame));
                chunks++;
                pending = 0;
            }
            if (pending == 0) {
                pendingFirst = symbol;
                pendingSame = true;
                pendingSymbols = 0;
            }
            pendingSame &= symbol == pendingFirst;
            if (pending < VECTOR_SYMBOLS) {
                pendingSymbols = pendingSymbols << 2 | symbol;
            }
            pending++;
            deltaBytes += symbol;
            if (symbol != NOT_RECEIVED) {
                previous = ticks;
            }
        }
        out.writeShort(chunk(pending, pendingSymbols, pendingFirst, pendingSame));

        // Second pass: the receive deltas of the packets covered.
        previous = referenceTicks;
        for (int i = 0, slot = first; i < covered; i++, slot = slot + 1 == ring ? 0 : slot + 1) {
            if (arrivalNanos[slot] != NOT_ARRIVED) {
                long ticks = Math.floorDiv(arrivalNanos[slot], DELTA_NANOS);
                long delta = ticks - previous;
                if (delta >= 0 && delta <= 0xFF) {
                    out.writeByte((int) delta);
                } else {
                    out.writeShort((int) delta);
                }
                previous = ticks;
            }
        }
        int padding = -(out.writerIndex() - start) & 3;
        if (padding > 0) {
            out.writeZero(padding - 1);
            out.writeByte(padding);
            out.setByte(start, 0xA0 | FORMAT);
        }
        out.setShort(start + 2, (out.writerIndex() - start) / 4 - 1);
        out.setShort(start + 14, covered);
        return covered;
    }

    /**
     * The chunk for the pending symbols: a run when they are all the same, else a two-bit vector
     * (then there are at most seven, oldest in the high bits; unused slots stay 0).
     */
    private static int chunk(int pending, int symbols, int first, boolean same) {
        if (same) {
            return first << 13 | pending;
        }
        return 0xC000 | symbols << 2 * (VECTOR_SYMBOLS - pending);
    }

    public static int baseSequenceNumber(RtcpPacket p) {
        return p.buffer().getUnsignedShort(p.offset() + 12);
    }

    public static int packetStatusCount(RtcpPacket p) {
        return p.buffer().getUnsignedShort(p.offset() + 14);
    }

    /**
     * Reads every packet's fate into {@code seqs} and {@code arrivalMicros} (receiver's clock;
     * {@link #NOT_ARRIVED} when not received). Returns how many, at most the arrays' length, or -1 when the
     * chunks or deltas run past the packet (malformed).
     */
    public static int read(RtcpPacket p, int[] seqs, long[] arrivalMicros) {
        var buf = p.buffer();
        int end = p.offset() + p.contentLength();
        int base = baseSequenceNumber(p);
        int count = Math.min(packetStatusCount(p), seqs.length);
        int total = packetStatusCount(p);
        // Unsigned: libwebrtc writes its clock modulo 2^24 units (12.4 days); read signed, half
        // of all receivers would have every arrival before zero.
        long reference = buf.getUnsignedMedium(p.offset() + 16) * REFERENCE_MICROS;
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
                arrivalMicros[i] = NOT_ARRIVED;
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
