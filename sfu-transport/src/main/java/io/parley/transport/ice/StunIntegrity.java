package io.parley.transport.ice;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks the MESSAGE-INTEGRITY of a STUN request signed with ICE's short-term credential: the
 * receiver's password is the key (RFC 8445 §7.2.2, RFC 5389 §10.1.1). Used only for the first
 * request from an address the port does not know yet, so allocating here is fine.
 */
final class StunIntegrity {
    private static final int HEADER_BYTES = 20;
    private static final int ATTRIBUTE_HEADER_BYTES = 4;
    private static final int MESSAGE_INTEGRITY = 0x0008;
    private static final int HMAC_SHA1_BYTES = 20;
    private static final int MAGIC_COOKIE = 0x2112A442;

    private StunIntegrity() {
    }

    /**
     * The HMAC key of an ICE password. RFC 5389 §15.4 asks for SASLprep; ICE passwords are
     * ice-chars only (RFC 8839 §5.4), which SASLprep leaves as they are.
     */
    static byte[] key(String password) {
        return password.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * True when the message carries a MESSAGE-INTEGRITY attribute whose HMAC-SHA1 matches
     * {@code key}. RFC 5389 §15.4: the HMAC covers the message up to the attribute, with the
     * header's length field counting up to the attribute's end; attributes after it (FINGERPRINT)
     * are not covered.
     */
    static boolean verify(byte[] buf, int off, int len, byte[] key) {
        if (key.length == 0 || len < HEADER_BYTES || readInt(buf, off + 4) != MAGIC_COOKIE) {
            return false;
        }
        int end = off + HEADER_BYTES + readShort(buf, off + 2);
        if (end > off + len) {
            return false;
        }
        int at = off + HEADER_BYTES;
        while (at + ATTRIBUTE_HEADER_BYTES <= end) {
            int type = readShort(buf, at);
            int length = readShort(buf, at + 2);
            int valueEnd = at + ATTRIBUTE_HEADER_BYTES + length;
            if (valueEnd > end) {
                return false;
            }
            if (type == MESSAGE_INTEGRITY) {
                return length == HMAC_SHA1_BYTES && hmacMatches(buf, off, at, valueEnd, key);
            }
            at += ATTRIBUTE_HEADER_BYTES + ((length + 3) & ~3);
        }
        return false;
    }

    private static boolean hmacMatches(byte[] buf, int off, int attribute, int valueEnd, byte[] key) {
        byte[] header = Arrays.copyOfRange(buf, off, off + HEADER_BYTES);
        int coveredLength = valueEnd - off - HEADER_BYTES;
        header[2] = (byte) (coveredLength >>> 8);
        header[3] = (byte) coveredLength;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            mac.update(header);
            mac.update(buf, off + HEADER_BYTES, attribute - off - HEADER_BYTES);
            byte[] expected = mac.doFinal();
            return MessageDigest.isEqual(expected,
                    Arrays.copyOfRange(buf, attribute + ATTRIBUTE_HEADER_BYTES, valueEnd));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every Java runtime", e);
        }
    }

    private static int readShort(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
    }

    private static int readInt(byte[] b, int i) {
        return readShort(b, i) << 16 | readShort(b, i + 2);
    }
}
