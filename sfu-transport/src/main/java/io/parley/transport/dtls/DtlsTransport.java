package io.parley.transport.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.parley.transport.srtp.SrtpKeys;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DatagramTransport;

/**
 * One DTLS-SRTP association (RFC 5764) over an ICE component. The handshake blocks, so it runs on
 * an executor the caller provides; datagrams from the network are queued for it by
 * {@link #receive}. Both roles require the peer's certificate and check it against the SDP
 * fingerprint (RFC 5763 §5). Waiting, timeouts and errors are the same in both; the role picks
 * only BouncyCastle's protocol and our peer in it ({@link ServerPeer} or {@link ClientPeer}).
 */
public final class DtlsTransport {
    /** Sends one DTLS datagram on the selected ICE pair. */
    public interface DatagramSender {
        void send(byte[] buf, int off, int len) throws IOException;
    }

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
                    throw new CompletionException(e);
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
        Handshake handshake = new Handshake(certificate, remoteFingerprint, timeoutMillis);
        Link link = new Link();
        established = role == DtlsRole.SERVER
                ? new DTLSServerProtocol().accept(new ServerPeer(handshake), link)
                : new DTLSClientProtocol().connect(new ClientPeer(handshake), link);
        return handshake.keys();
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
