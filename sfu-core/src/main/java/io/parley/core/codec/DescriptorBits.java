package io.parley.core.codec;

import io.netty.buffer.ByteBuf;

/**
 * The bit reads of the dependency descriptor's syntax (AV1 RTP specification, A.8.2): f(n) and
 * ns(n), most significant bit first, over the descriptor's bytes. Reading past them sets
 * {@link #overrun()} and yields 0, which ends the syntax's loops driven by a flag or a size, so a
 * parse checks once at the end. Reused for every descriptor of a stream.
 */
final class DescriptorBits {
    private ByteBuf buf;
    private long bit;
    private long bitEnd;
    private boolean overrun;

    /** Starts reading {@code length} bytes at absolute index {@code offset}, after its first {@code skip}. */
    void start(ByteBuf buf, int offset, int length, int skip) {
        this.buf = buf;
        bit = 8L * (offset + skip);
        bitEnd = 8L * (offset + length);
        overrun = false;
    }

    /** Whether a read went past the end: what was read since is 0s. */
    boolean overrun() {
        return overrun;
    }

    /** f(n), n ≤ 32: the next n bits. */
    int f(int n) {
        if (bit + n > bitEnd) {
            overrun = true;
            bit = bitEnd;
            return 0;
        }
        int value = 0;
        for (int i = 0; i < n; i++, bit++) {
            int octet = buf.getUnsignedByte((int) (bit >>> 3));
            value = value << 1 | (octet >>> (7 - (int) (bit & 7))) & 1;
        }
        return value;
    }

    /**
     * ns(n): a value in 0..n-1 in w - 1 bits for the lowest m = 2^w - n values and w bits for the
     * rest, w being the bit length of n. For n = 1 it reads nothing.
     */
    int ns(int n) {
        int w = 32 - Integer.numberOfLeadingZeros(n);
        int m = (1 << w) - n;
        int v = f(w - 1);
        return v < m ? v : (v << 1) - m + f(1);
    }
}
