package io.parley.transport.srtp;

/**
 * The keying material a DTLS-SRTP handshake exported (RFC 5764 §4.2): client write key and salt,
 * server write key and salt.
 */
public record SrtpKeys(SrtpProfile profile, byte[] clientKey, byte[] clientSalt, byte[] serverKey, byte[] serverSalt) {
    /** Splits the exporter output: client key | server key | client salt | server salt. */
    public static SrtpKeys fromExported(SrtpProfile profile, byte[] material) {
        int k = profile.keyLength();
        int s = profile.saltLength();
        if (material.length != 2 * (k + s)) {
            throw new IllegalArgumentException("expected " + 2 * (k + s) + " bytes of keying material");
        }
        byte[] clientKey = java.util.Arrays.copyOfRange(material, 0, k);
        byte[] serverKey = java.util.Arrays.copyOfRange(material, k, 2 * k);
        byte[] clientSalt = java.util.Arrays.copyOfRange(material, 2 * k, 2 * k + s);
        byte[] serverSalt = java.util.Arrays.copyOfRange(material, 2 * k + s, 2 * (k + s));
        return new SrtpKeys(profile, clientKey, clientSalt, serverKey, serverSalt);
    }
}
