package io.parley.transport.dtls;

import java.io.IOException;
import java.util.Hashtable;
import java.util.Vector;

import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;

/**
 * Our side as the DTLS server, as the SFU is to browsers (they offer a=setup:actpass, we answer
 * passive): picks the SRTP profile from the client's offer and requires the client's certificate.
 */
final class ServerPeer extends DefaultTlsServer {
    private final Handshake handshake;
    private int profile = -1;

    ServerPeer(Handshake handshake) {
        super(handshake.crypto());
        this.handshake = handshake;
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return handshake.cipherSuites();
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return handshake.versions();
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return handshake.timeoutMillis();
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
        return handshake.signer(context);
    }

    @Override
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        profile = Handshake.choose(TlsSRTPUtils.getUseSRTPExtension(clientExtensions));
        if (profile < 0) {
            // RFC 5764 §4.1.3: no common profile, nothing to key SRTP with.
            throw new TlsFatalAlert(AlertDescription.handshake_failure);
        }
    }

    @Override
    public Hashtable getServerExtensions() throws IOException {
        Hashtable extensions = super.getServerExtensions();
        TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(new int[] {profile}, TlsUtils.EMPTY_BYTES));
        return extensions;
    }

    @Override
    public CertificateRequest getCertificateRequest() {
        Vector<?> algorithms = TlsUtils.getDefaultSupportedSignatureAlgorithms(context);
        return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign},
                algorithms, null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        handshake.checkPeer(clientCertificate);
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        handshake.complete(context, profile);
    }
}
