package io.parley.transport.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes STUN MESSAGE-INTEGRITY verification (RFC 5389 §15.4) with the datagram bytes.
 * Contract: true or false, never an exception, and only the bytes {@code [off, off + len)} are
 * read: the message is verified at the start of an array it fills exactly and again behind
 * other bytes, and both answers must agree. The key is the ICE password of the seeds
 * (RFC 5769's), a non-empty one being all verify is ever given (our own ice-pwd).
 */
class StunIntegrityFuzzTest {
    private static final byte[] KEY = StunIntegrity.key("VOkJxbRl1RmTxUk/WvJxBt");

    @FuzzTest(maxDuration = "60s")
    void verify(byte[] data) {
        boolean alone = StunIntegrity.verify(data, 0, data.length, KEY);
        byte[] shifted = new byte[data.length + 7];
        Arrays.fill(shifted, 0, 7, (byte) 0x42);
        System.arraycopy(data, 0, shifted, 7, data.length);
        assertEquals(alone, StunIntegrity.verify(shifted, 7, data.length, KEY), "verify read outside the message");
        if (data.length > 0) {
            // A shorter len than the array: what lies after the message must not count either.
            StunIntegrity.verify(data, 0, data.length - 1, KEY);
        }
    }
}
