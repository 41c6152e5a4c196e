package io.parley.core.codec;

import java.io.ByteArrayOutputStream;

/** Writes bit fields most significant bit first, to build codec headers bit by bit in tests. */
final class BitWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int current;
    private int count;
    /** Bit length at {@link #mark()}. */
    int marked = -1;

    /** An n-bit unsigned field (H.264 u(n), AV1 f(n)). */
    BitWriter u(int n, long value) {
        for (int i = n - 1; i >= 0; i--) {
            current = current << 1 | (int) (value >>> i) & 1;
            if (++count == 8) {
                out.write(current);
                current = 0;
                count = 0;
            }
        }
        return this;
    }

    /** Unsigned exp-Golomb, H.264 §9.1. */
    BitWriter ue(long value) {
        int length = 64 - Long.numberOfLeadingZeros(value + 1);
        return u(length - 1, 0).u(length, value + 1);
    }

    /** Signed exp-Golomb, H.264 §9.1.1. */
    BitWriter se(long value) {
        return ue(value > 0 ? 2 * value - 1 : -2 * value);
    }

    /** write_ns(n, v) of the AV1 RTP spec, A.8.2: non-symmetric unsigned. */
    BitWriter ns(int n, int v) {
        if (n == 1) {
            return this;
        }
        int w = 32 - Integer.numberOfLeadingZeros(n);
        int m = (1 << w) - n;
        return v < m ? u(w - 1, v) : u(w, v + m);
    }

    /** The dependency descriptor's extended_descriptor_fields flags. */
    BitWriter flags(boolean structure, boolean active, boolean dtis, boolean fdiffs, boolean chains) {
        return u(1, structure ? 1 : 0).u(1, active ? 1 : 0).u(1, dtis ? 1 : 0).u(1, fdiffs ? 1 : 0)
                .u(1, chains ? 1 : 0);
    }

    BitWriter mark() {
        marked = out.size() * 8 + count;
        return this;
    }

    /** rbsp_trailing_bits: a stop bit, then zeros to the byte boundary. */
    BitWriter trailing() {
        u(1, 1);
        while (count != 0) {
            u(1, 0);
        }
        return this;
    }

    /** What was written, zero-padded to whole bytes. */
    byte[] bytes() {
        u(count == 0 ? 0 : 8 - count, 0);
        return out.toByteArray();
    }
}
