package io.parley.transport;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executor;

import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import io.parley.transport.dtls.CertificateRotation;
import io.parley.transport.dtls.DtlsRole;
import io.parley.transport.ice.IceEndpoint;

/**
 * Makes the server's transports, one per participant, from what they all share: the buffers, the
 * ICE port, the current DTLS certificate, the handshake pool and its timeout, the counters, and
 * what is put on their way out.
 */
public final class TransportFactory {
    private final ByteBufAllocator allocator;
    private final IceEndpoint endpoint;
    private final CertificateRotation certificates;
    private final Executor handshakeExecutor;
    private final Duration handshakeTimeout;
    private final TransportStats stats;
    private final OutboundDecorator outbound;

    public TransportFactory(ByteBufAllocator allocator, IceEndpoint endpoint, CertificateRotation certificates,
                            Executor handshakeExecutor, Duration handshakeTimeout, TransportStats stats,
                            OutboundDecorator outbound) {
        this.allocator = allocator;
        this.endpoint = endpoint;
        this.certificates = certificates;
        this.handshakeExecutor = handshakeExecutor;
        this.handshakeTimeout = handshakeTimeout;
        this.stats = stats;
        this.outbound = outbound;
    }

    /**
     * A transport for participant {@code id} in the server's role (ICE-controlled, DTLS server)
     * on its room's event loop.
     */
    public WebRtcTransport serverTransport(String id, EventExecutor loop) throws IOException {
        return new WebRtcTransport(id, DtlsRole.SERVER, loop, allocator, endpoint, certificates.current(),
                handshakeExecutor, handshakeTimeout, stats, outbound);
    }
}
