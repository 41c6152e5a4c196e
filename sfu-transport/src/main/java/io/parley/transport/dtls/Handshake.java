package io.parley.transport.dtls;

import java.io.IOException;

import io.parley.transport.srtp.SrtpKeys;
import io.parley.transport.srtp.SrtpProfile;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * What one DTLS-SRTP handshake (RFC 5764) is in either role: our certificate, the fingerprint the
 * peer's must have (RFC 5763 §5), the cipher suites and SRTP profiles we accept, the timeout, and
 * the SRTP keys it ends with. The role's BouncyCastle peer ({@link ServerPeer} or
 * {@link ClientPeer}) only says what differs between the roles and asks this for the rest.
 * Used by the one thread running the handshake.
 */
final class Handshake {
    /** Preferred first (RFC 7714 GCM, then RFC 5764 CM-80). */
    private static final int[] PROFILES = {SrtpProfile.AEAD_AES_128_GCM.id(), SrtpProfile.AES_CM_128_HMAC_SHA1_80.id()};
    /** Our certificate is ECDSA, so only ECDHE_ECDSA suites apply; AEAD only (RFC 8422, RFC 5289, RFC 7905). */
    private static final int[] CIPHER_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    };

    private final BcTlsCrypto crypto = new BcTlsCrypto();
    private final DtlsCertificate certificate;
    private final String remoteFingerprint;
    private final int timeoutMillis;
    private SrtpKeys keys;

    /** The SRTP profiles we offer as the DTLS client, best first (a copy: BouncyCastle keeps it). */
    static int[] profiles() {
        return PROFILES.clone();
    }

    Handshake(DtlsCertificate certificate, String remoteFingerprintSha256, int timeoutMillis) {
        this.certificate = certificate;
        this.remoteFingerprint = remoteFingerprintSha256;
        this.timeoutMillis = timeoutMillis;
    }

    BcTlsCrypto crypto() {
        return crypto;
    }

    int[] cipherSuites() {
        return TlsUtils.getSupportedCipherSuites(crypto, CIPHER_SUITES);
    }

    ProtocolVersion[] versions() {
        return ProtocolVersion.DTLSv12.only();
    }

    int timeoutMillis() {
        return timeoutMillis;
    }

    /** Signs with our certificate's key; the same certificate serves both roles. */
    TlsCredentialedSigner signer(TlsContext context) throws IOException {
        Certificate chain = new Certificate(new TlsCertificate[] {crypto.createCertificate(certificate.der())});
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, certificate.privateKey(),
                chain, new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    /** RFC 5763 §5: the peer's certificate must be the one its SDP fingerprint names. */
    void checkPeer(Certificate peer) throws IOException {
        if (peer == null || peer.isEmpty()
                || !DtlsCertificate.matches(remoteFingerprint, peer.getCertificateAt(0).getEncoded())) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate);
        }
    }

    /** Our most preferred profile among those offered (RFC 5764 §4.1.1), or -1 when none is ours. */
    static int choose(UseSRTPData offered) {
        if (offered != null) {
            for (int ours : PROFILES) {
                for (int theirs : offered.getProtectionProfiles()) {
                    if (ours == theirs) {
                        return ours;
                    }
                }
            }
        }
        return -1;
    }

    /** The handshake is done: SRTP's keys come from the TLS exporter (RFC 5764 §4.2). */
    void complete(TlsContext context, int profileId) {
        SrtpProfile profile = SrtpProfile.byId(profileId);
        int length = 2 * (profile.keyLength() + profile.saltLength());
        keys = SrtpKeys.fromExported(profile, context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, length));
    }

    /** What {@link #complete} exported; null until then. */
    SrtpKeys keys() {
        return keys;
    }
}
