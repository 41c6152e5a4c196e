package io.parley.core.codec;

/** Octets written as ints, so that tests can spell 0x9d without a cast. */
final class TestBytes {
    private TestBytes() {
    }

    static byte[] of(int... octets) {
        byte[] b = new byte[octets.length];
        for (int i = 0; i < octets.length; i++) {
            b[i] = (byte) octets[i];
        }
        return b;
    }
}
