package io.parley.transport.ice;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class StunIntegrityTest {
    /** RFC 5769 §2.1: a Binding Request with USERNAME "evtj:h6vY", MESSAGE-INTEGRITY and FINGERPRINT. */
    private static final byte[] RFC5769_REQUEST = HexFormat.of().parseHex(
            "000100582112a442b7e7a701bc34d686fa87dfae"
                    + "802200105354554e20746573742063" + "6c69656e74"
                    + "002400046e0001ff"
                    + "80290008932ff9b151263b36"
                    + "000600096576746a3a68367659202020"
                    + "000800149aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2"
                    + "80280004e57a3bcf");
    private static final byte[] KEY = StunIntegrity.key("VOkJxbRl1RmTxUk/WvJxBt");

    @Test
    void theRfcSampleRequestVerifies() {
        assertTrue(StunIntegrity.verify(RFC5769_REQUEST, 0, RFC5769_REQUEST.length, KEY));
    }

    @Test
    void itVerifiesAtAnOffsetInALargerBuffer() {
        byte[] buf = new byte[RFC5769_REQUEST.length + 40];
        System.arraycopy(RFC5769_REQUEST, 0, buf, 17, RFC5769_REQUEST.length);
        assertTrue(StunIntegrity.verify(buf, 17, RFC5769_REQUEST.length, KEY));
    }

    @Test
    void anotherPasswordFails() {
        assertFalse(StunIntegrity.verify(RFC5769_REQUEST, 0, RFC5769_REQUEST.length,
                StunIntegrity.key("VOkJxbRl1RmTxUk/WvJxBu")));
    }

    @Test
    void aChangedUsernameFails() {
        byte[] m = RFC5769_REQUEST.clone();
        m[64] ^= 1; // the first letter of USERNAME
        assertFalse(StunIntegrity.verify(m, 0, m.length, KEY));
    }

    @Test
    void aChangedFingerprintIsNotCovered() {
        byte[] m = RFC5769_REQUEST.clone();
        m[m.length - 1] ^= 1;
        assertTrue(StunIntegrity.verify(m, 0, m.length, KEY), "RFC 5389 §15.4: FINGERPRINT follows the HMAC");
    }

    @Test
    void aRequestWithoutMessageIntegrityFails() {
        // The same request cut after USERNAME, its length field saying so.
        byte[] m = Arrays.copyOf(RFC5769_REQUEST, 76);
        m[3] = (byte) (m.length - 20);
        assertFalse(StunIntegrity.verify(m, 0, m.length, KEY));
    }

    @Test
    void truncationsAndLiesInLengthsFailWithoutThrowing() {
        for (int len = 0; len < RFC5769_REQUEST.length; len++) {
            assertFalse(StunIntegrity.verify(RFC5769_REQUEST, 0, len, KEY), "cut to " + len);
        }
        byte[] longAttribute = RFC5769_REQUEST.clone();
        longAttribute[22] = (byte) 0xFF; // SOFTWARE claims 65 KB
        assertFalse(StunIntegrity.verify(longAttribute, 0, longAttribute.length, KEY));
        byte[] shortIntegrity = RFC5769_REQUEST.clone();
        shortIntegrity[79] = 0x10; // MESSAGE-INTEGRITY of 16 bytes
        assertFalse(StunIntegrity.verify(shortIntegrity, 0, shortIntegrity.length, KEY));
        byte[] noCookie = RFC5769_REQUEST.clone();
        noCookie[4] = 0;
        assertFalse(StunIntegrity.verify(noCookie, 0, noCookie.length, KEY));
    }
}
