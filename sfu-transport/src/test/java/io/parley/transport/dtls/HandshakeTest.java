package io.parley.transport.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.parley.transport.srtp.SrtpProfile;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.junit.jupiter.api.Test;

/** The part of a DTLS-SRTP handshake both roles share: the profile choice and the peer check. */
class HandshakeTest {
    private static final DtlsCertificate OURS = DtlsCertificate.generate("ours");
    private static final DtlsCertificate PEER = DtlsCertificate.generate("peer");
    private static final int GCM = SrtpProfile.AEAD_AES_128_GCM.id();
    private static final int CM_80 = SrtpProfile.AES_CM_128_HMAC_SHA1_80.id();
    /** SRTP_AES128_CM_HMAC_SHA1_32 (RFC 5764 §4.1.2), which Parley does not negotiate. */
    private static final int CM_32 = 0x0002;

    @Test
    void ourPreferenceWinsOverTheOfferOrderAndAnUnknownProfileIsNoChoice() {
        assertEquals(GCM, Handshake.choose(offer(CM_80, GCM)), "GCM first, whatever order they offer in");
        assertEquals(CM_80, Handshake.choose(offer(CM_32, CM_80)));
        assertEquals(-1, Handshake.choose(offer(CM_32)), "nothing in common");
        assertEquals(-1, Handshake.choose(null), "no use_srtp extension at all");
    }

    @Test
    void onlyTheCertificateTheSdpFingerprintNamesPasses() throws Exception {
        Handshake handshake = new Handshake(OURS, PEER.fingerprint().toLowerCase(), 1000);
        handshake.checkPeer(chainOf(handshake, PEER));
        for (Certificate wrong : new Certificate[] {chainOf(handshake, OURS), Certificate.EMPTY_CHAIN, null}) {
            TlsFatalAlert alert = assertThrows(TlsFatalAlert.class, () -> handshake.checkPeer(wrong));
            assertEquals(AlertDescription.bad_certificate, alert.getAlertDescription());
        }
    }

    private static UseSRTPData offer(int... profiles) {
        return new UseSRTPData(profiles, TlsUtils.EMPTY_BYTES);
    }

    private static Certificate chainOf(Handshake handshake, DtlsCertificate certificate) throws Exception {
        return new Certificate(new TlsCertificate[] {handshake.crypto().createCertificate(certificate.der())});
    }
}
