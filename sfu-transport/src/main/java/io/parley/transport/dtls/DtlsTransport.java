package io.parley.transport.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Hashtable;
import java.util.Vector;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.parley.transport.srtp.SrtpKeys;
import io.parley.transport.srtp.SrtpProfile;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * One DTLS-SRTP association (RFC 5764) over an ICE component. The handshake blocks, so it runs on
 * an executor the caller provides; datagrams from the network are queued for it by
 * {@link #receive}. Both roles require the peer's certificate and check it against the SDP
 * fingerprint (RFC 5763 §5).
 */
public final class DtlsTransport {
    /** Sends one DTLS datagram on the selected ICE pair. */
    public interface DatagramSender {
        void send(byte[] buf, int off, int len) throws IOException;
    }

    /** Preferred first (RFC 7714 GCM, then RFC 5764 CM-80). */
    private static final int[] PROFILES = {SrtpProfile.AEAD_AES_128_GCM.id(), SrtpProfile.AES_CM_128_HMAC_SHA1_80.id()};
    /** Our certificate is ECDSA, so only ECDHE_ECDSA suites apply; AEAD only (RFC 8422, RFC 5289, RFC 7905). */
    private static final int[] CIPHER_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    };
    private static final int QUEUE_CAPACITY = 64;
    private static final byte[] WAKE_UP = new byte[0];
    /** A datagram carrying DTLS on an Internet path; BC fragments handshake messages to fit. */
    private static final int MTU = 1200;

    private final DtlsRole role;
    private final DtlsCertificate certificate;
    private final String remoteFingerprint;
    private final DatagramSender sender;
    private final Duration handshakeTimeout;
    private final BlockingQueue<byte[]> incoming = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final BcTlsCrypto crypto = new BcTlsCrypto();
    private volatile boolean closed;
    private volatile DTLSTransport established;

    public DtlsTransport(DtlsRole role, DtlsCertificate certificate, String remoteFingerprintSha256,
                         DatagramSender sender, Duration handshakeTimeout) {
        this.role = role;
        this.certificate = certificate;
        this.remoteFingerprint = remoteFingerprintSha256;
        this.sender = sender;
        this.handshakeTimeout = handshakeTimeout;
    }

    /**
     * The handshake found no room: the executor's queue was full, or it waited there past its
     * whole timeout. The server is overloaded (or attacked by stalled handshakes); failing at once
     * lets the client hear it instead of waiting forever.
     */
    public static final class HandshakeRefused extends IOException {
        HandshakeRefused(String message) {
            super(message);
        }
    }

    /**
     * Runs the handshake on the executor; the future completes with the exported SRTP keys. The
     * timeout counts from now, so time spent waiting for a thread is part of it.
     */
    public CompletableFuture<SrtpKeys> start(Executor blockingExecutor) {
        long deadline = System.nanoTime() + handshakeTimeout.toNanos();
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    long leftMillis = (deadline - System.nanoTime()) / 1_000_000;
                    if (leftMillis <= 0) {
                        throw new HandshakeRefused("waited " + handshakeTimeout.toMillis()
                                + " ms for a handshake thread");
                    }
                    return handshake((int) leftMillis);
                } catch (IOException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }, blockingExecutor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new HandshakeRefused("too many DTLS handshakes waiting"));
        }
    }

    /** A DTLS record from the network. Never blocks: when the handshake lags, records are dropped. */
    public void receive(byte[] buf, int off, int len) {
        if (!closed) {
            byte[] copy = new byte[len];
            System.arraycopy(buf, off, copy, 0, len);
            incoming.offer(copy);
        }
    }

    /** Idempotent. Sends close_notify if the association was up; ends a running handshake. */
    public void close() {
        closed = true;
        // Wakes a handshake waiting for a record, so a peer that left frees its handshake thread
        // now rather than at the end of the handshake timeout.
        incoming.clear();
        incoming.offer(WAKE_UP);
        DTLSTransport t = established;
        if (t != null) {
            try {
                t.close();
            } catch (IOException ignored) {
                // The peer may be gone already; nothing to tell it then.
            }
        }
    }

    private SrtpKeys handshake(int timeoutMillis) throws IOException {
        Link link = new Link();
        if (role == DtlsRole.SERVER) {
            Server server = new Server(timeoutMillis);
            established = new DTLSServerProtocol().accept(server, link);
            return server.keys;
        }
        Client client = new Client(timeoutMillis);
        established = new DTLSClientProtocol().connect(client, link);
        return client.keys;
    }

    private TlsCredentialedSigner signer(TlsContext context) throws IOException {
        Certificate chain = new Certificate(new org.bouncycastle.tls.crypto.TlsCertificate[] {
                crypto.createCertificate(certificate.der())});
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, certificate.privateKey(),
                chain, new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    private void checkPeer(Certificate peer) throws IOException {
        if (peer == null || peer.isEmpty()
                || !DtlsCertificate.matches(remoteFingerprint, peer.getCertificateAt(0).getEncoded())) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate);
        }
    }

    private SrtpKeys exportKeys(TlsContext context, int profileId) {
        SrtpProfile profile = SrtpProfile.byId(profileId);
        int length = 2 * (profile.keyLength() + profile.saltLength());
        return SrtpKeys.fromExported(profile, context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, length));
    }

    private final class Server extends DefaultTlsServer {
        private final int timeoutMillis;
        private int profile = -1;
        private SrtpKeys keys;

        Server(int timeoutMillis) {
            super(crypto);
            this.timeoutMillis = timeoutMillis;
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return TlsUtils.getSupportedCipherSuites(crypto, CIPHER_SUITES);
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        public int getHandshakeTimeoutMillis() {
            return timeoutMillis;
        }

        @Override
        protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
            return signer(context);
        }

        @Override
        public void processClientExtensions(Hashtable clientExtensions) throws IOException {
            super.processClientExtensions(clientExtensions);
            UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
            if (offered != null) {
                for (int ours : PROFILES) {
                    for (int theirs : offered.getProtectionProfiles()) {
                        if (profile < 0 && ours == theirs) {
                            profile = ours;
                        }
                    }
                }
            }
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
            checkPeer(clientCertificate);
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            keys = exportKeys(context, profile);
        }
    }

    private final class Client extends DefaultTlsClient {
        private final int timeoutMillis;
        private int profile = -1;
        private SrtpKeys keys;

        Client(int timeoutMillis) {
            super(crypto);
            this.timeoutMillis = timeoutMillis;
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return TlsUtils.getSupportedCipherSuites(crypto, CIPHER_SUITES);
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        public int getHandshakeTimeoutMillis() {
            return timeoutMillis;
        }

        @Override
        public Hashtable getClientExtensions() throws IOException {
            Hashtable extensions = super.getClientExtensions();
            TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(PROFILES, TlsUtils.EMPTY_BYTES));
            return extensions;
        }

        @Override
        public void processServerExtensions(Hashtable serverExtensions) throws IOException {
            super.processServerExtensions(serverExtensions);
            UseSRTPData chosen = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
            if (chosen == null || chosen.getProtectionProfiles().length != 1
                    || SrtpProfile.byId(chosen.getProtectionProfiles()[0]) == null) {
                throw new TlsFatalAlert(AlertDescription.illegal_parameter);
            }
            profile = chosen.getProtectionProfiles()[0];
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new TlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                    checkPeer(serverCertificate.getCertificate());
                }

                @Override
                public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                    return signer(context);
                }
            };
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            keys = exportKeys(context, profile);
        }
    }

    /** BouncyCastle's view of the ICE component: queued records in, the sender out. */
    private final class Link implements DatagramTransport {
        @Override
        public int getReceiveLimit() {
            return 1500;
        }

        @Override
        public int getSendLimit() {
            return MTU;
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            if (closed) {
                throw new IOException("DTLS transport closed");
            }
            byte[] record;
            try {
                record = incoming.poll(waitMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted");
            }
            if (closed) {
                throw new IOException("DTLS transport closed");
            }
            if (record == null) {
                return -1;
            }
            int n = Math.min(len, record.length);
            System.arraycopy(record, 0, buf, off, n);
            return n;
        }

        @Override
        public void send(byte[] buf, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("DTLS transport closed");
            }
            sender.send(buf, off, len);
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
