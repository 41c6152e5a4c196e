package io.parley.transport;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.PlatformDependent;
import io.parley.core.room.MediaInput;
import io.parley.core.room.MediaTransport;
import io.parley.transport.dtls.DtlsCertificate;
import io.parley.transport.dtls.DtlsRole;
import io.parley.transport.dtls.DtlsTransport;
import io.parley.transport.ice.IceEndpoint;
import io.parley.transport.ice.IceTransport;
import io.parley.transport.srtp.SrtpKeys;
import io.parley.transport.srtp.SrtpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One participant's secure media transport: ICE, then DTLS, then SRTP, all on one UDP 5-tuple
 * (RFC 8843 BUNDLE, RFC 5764 DTLS-SRTP, RFC 7983 demultiplexing).
 *
 * <p>Threads: ice4j's read thread copies each datagram into a pooled buffer and queues it; the
 * room's event loop drains the queue, decrypts and delivers to its {@link MediaInput}. The DTLS
 * handshake blocks, so it runs on the bounded handshake executor. Everything else happens on the
 * event loop.
 */
public final class WebRtcTransport implements MediaTransport, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebRtcTransport.class);
    /** Datagrams waiting for the event loop; beyond this the loop is overloaded and we drop. */
    private static final int INBOX_CAPACITY = 2048;
    /** Each queued datagram is prefixed with its arrival time, for the forwarding latency. */
    private static final int ARRIVAL_BYTES = Long.BYTES;

    private final String id;
    private final DtlsRole role;
    private final EventExecutor loop;
    private final ByteBufAllocator allocator;
    private final IceTransport ice;
    private final DtlsCertificate certificate;
    private final Executor handshakeExecutor;
    private final Duration handshakeTimeout;
    private final Queue<ByteBuf> inbox = PlatformDependent.newFixedMpscQueue(INBOX_CAPACITY);
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drain = this::drainInbox;
    private final TransportStats stats;
    /** Where protected datagrams go: the ICE pair, through whatever the factory put in between. */
    private final Outbound outbound;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile long lastDatagramNanos = Long.MIN_VALUE;
    private DtlsTransport dtls;
    private boolean dtlsStarted;
    /** The first packet whose handling threw is logged with its trace; the rest are counted. */
    private boolean handlerFailureLogged;
    private SrtpSession srtp;
    /** Where decrypted media goes, and who hears that the transport failed; set by {@link #start}. */
    private MediaInput input;
    private Consumer<String> onFailed;

    /**
     * @param role SERVER for the SFU side (ICE-controlled, DTLS server: the browser offers with
     *             a=setup:actpass and we answer passive); CLIENT for test and load clients that
     *             play the browser (ICE-controlling, DTLS client)
     * @param outbound what to put between SRTP and the ICE pair; {@link OutboundDecorator#NONE} for nothing
     */
    public WebRtcTransport(String id, DtlsRole role, EventExecutor loop, ByteBufAllocator allocator,
                           IceEndpoint endpoint, DtlsCertificate certificate, Executor handshakeExecutor,
                           Duration handshakeTimeout, TransportStats stats, OutboundDecorator outbound)
            throws IOException {
        this.id = id;
        this.role = role;
        this.loop = loop;
        this.allocator = allocator;
        this.certificate = certificate;
        this.handshakeExecutor = handshakeExecutor;
        this.handshakeTimeout = handshakeTimeout;
        this.stats = stats;
        this.ice = new IceTransport(endpoint, role == DtlsRole.CLIENT, new IceListener());
        this.outbound = outbound.wrap(id, loop, this::sendToIce);
    }

    public String iceUfrag() {
        return ice.localUfrag();
    }

    public String icePassword() {
        return ice.localPassword();
    }

    public List<IceTransport.Candidate> iceCandidates() {
        return ice.localCandidates();
    }

    public String fingerprint() {
        return certificate.fingerprint();
    }

    /**
     * Starts ICE with the peer's credentials (and candidates, which the server side leaves empty)
     * and DTLS in this transport's role (RFC 5763 §5). Call once, on the event loop.
     *
     * @param input    gets the decrypted media, and hears when DTLS is up; on the event loop
     * @param onFailed told, on the event loop, when ICE or DTLS failed or consent was lost
     */
    public void start(String remoteUfrag, String remotePassword, List<IceTransport.Candidate> remoteCandidates,
                      String remoteFingerprint, MediaInput input, Consumer<String> onFailed) {
        assert loop.inEventLoop();
        if (this.input != null) {
            throw new IllegalStateException("transport " + id + " already started");
        }
        this.input = Objects.requireNonNull(input);
        this.onFailed = Objects.requireNonNull(onFailed);
        dtls = new DtlsTransport(role, certificate, remoteFingerprint, ice::send, handshakeTimeout);
        ice.start(remoteUfrag, remotePassword, remoteCandidates);
    }

    /** DTLS needs a selected pair to send on; records that arrive earlier wait in its queue. */
    private void startDtls() {
        if (closed.get() || dtls == null || dtlsStarted) {
            return;
        }
        dtlsStarted = true;
        dtls.start(handshakeExecutor).whenComplete((keys, error) -> loop.execute(() -> onHandshake(keys, error)));
    }

    public boolean isStarted() {
        return input != null;
    }

    private void onHandshake(SrtpKeys keys, Throwable error) {
        if (closed.get()) {
            return;
        }
        if (error != null) {
            boolean refused = rootCause(error) instanceof DtlsTransport.HandshakeRefused;
            if (refused) {
                stats.handshakeRefused();
            }
            stats.dtlsFailure();
            log.info("transport {}: DTLS handshake failed: {}", id, rootCause(error).toString());
            log.debug("transport {}: DTLS failure detail", id, error);
            onFailed.accept(refused ? "the server is too busy for another DTLS handshake; try again"
                    : "DTLS handshake failed");
            return;
        }
        srtp = new SrtpSession(keys, role == DtlsRole.CLIENT, stats.srtpContextCounter());
        log.debug("transport {}: DTLS-SRTP up with {}", id, keys.profile());
        input.onConnected();
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    @Override
    public long lastActivityNanos() {
        return Math.max(lastDatagramNanos, ice.lastSignOfLifeNanos());
    }

    @Override
    public void sendRtp(ByteBuf packet) {
        send(packet, false);
    }

    @Override
    public void sendRtcp(ByteBuf packet) {
        send(packet, true);
    }

    private void send(ByteBuf packet, boolean rtcp) {
        if (protect(packet, rtcp)) {
            outbound.send(packet, rtcp);
        }
    }

    /** Encrypts the packet in place; false, the drop counted and the packet released, if it cannot go. */
    private boolean protect(ByteBuf packet, boolean rtcp) {
        boolean done = false;
        try {
            SrtpSession s = srtp;
            if (s == null) {
                stats.drop(TransportStats.Drop.NOT_CONNECTED);
            } else if (!(rtcp ? s.protectRtcp(packet) : s.protectRtp(packet))) {
                stats.drop(TransportStats.Drop.SRTP_PROTECT);
            } else {
                done = true;
            }
            return done;
        } finally {
            if (!done) {
                packet.release();
            }
        }
    }

    /** The end of {@link #outbound}: the selected ICE pair. */
    private void sendToIce(ByteBuf datagram, boolean rtcp) {
        try {
            int length = datagram.readableBytes();
            ice.send(datagram.array(), datagram.arrayOffset() + datagram.readerIndex(), length);
            stats.sent(rtcp, length);
        } catch (IOException e) {
            stats.drop(TransportStats.Drop.SEND_FAILED);
        } finally {
            datagram.release();
        }
    }

    private void drainInbox() {
        drainScheduled.set(false);
        ByteBuf packet;
        while ((packet = inbox.poll()) != null) {
            try {
                if (!closed.get()) {
                    handle(packet);
                }
            } catch (RuntimeException e) {
                stats.drop(TransportStats.Drop.HANDLER_FAILED);
                if (!handlerFailureLogged) {
                    handlerFailureLogged = true;
                    log.warn("transport {}: a packet's handling failed; dropped, later ones go on", id, e);
                }
            } finally {
                packet.release();
            }
        }
    }

    private void handle(ByteBuf packet) {
        int first = packet.getUnsignedByte(packet.readerIndex());
        switch (PacketClassifier.classify(first)) {
            case DTLS -> dtls.receive(packet.array(), packet.arrayOffset() + packet.readerIndex(),
                    packet.readableBytes());
            case RTP_RTCP -> handleSrtp(packet);
            default -> stats.drop(TransportStats.Drop.UNKNOWN_PROTOCOL);
        }
    }

    private void handleSrtp(ByteBuf packet) {
        long arrivalNanos = packet.getLong(packet.readerIndex() - ARRIVAL_BYTES);
        SrtpSession s = srtp;
        if (s == null || packet.readableBytes() < 12) {
            stats.drop(s == null ? TransportStats.Drop.NOT_CONNECTED : TransportStats.Drop.TRUNCATED);
            return;
        }
        int length = packet.readableBytes();
        if (PacketClassifier.isRtcp(packet.getUnsignedByte(packet.readerIndex() + 1))) {
            if (!s.unprotectRtcp(packet)) {
                stats.drop(TransportStats.Drop.SRTP_UNPROTECT);
                return;
            }
            stats.received(true, length);
            input.onRtcp(packet);
        } else {
            if (!s.unprotectRtp(packet)) {
                stats.drop(TransportStats.Drop.SRTP_UNPROTECT);
                return;
            }
            stats.received(false, length);
            input.onRtp(packet, arrivalNanos);
        }
    }

    /** Frees the ICE agent, DTLS and SRTP state and any queued datagrams. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ice.close();
        loop.execute(() -> {
            if (dtls != null) {
                dtls.close();
            }
            outbound.close();
            if (srtp != null) {
                srtp.close();
                srtp = null;
            }
            drainInbox();
        });
    }

    private final class IceListener implements IceTransport.Listener {
        @Override
        public void onDatagram(byte[] buf, int off, int len) {
            if (closed.get()) {
                return;
            }
            long now = System.nanoTime();
            lastDatagramNanos = now;
            ByteBuf copy = allocator.heapBuffer(ARRIVAL_BYTES + len);
            copy.writeLong(now);
            copy.writeBytes(buf, off, len);
            copy.readerIndex(ARRIVAL_BYTES);
            if (!inbox.offer(copy)) {
                copy.release();
                stats.drop(TransportStats.Drop.INBOX_FULL);
                return;
            }
            if (drainScheduled.compareAndSet(false, true)) {
                loop.execute(drain);
            }
        }

        @Override
        public void onConnected() {
            if (closed.get()) {
                return;
            }
            log.debug("transport {}: ICE connected", id);
            loop.execute(WebRtcTransport.this::startDtls);
        }

        @Override
        public void onFailed(String reason) {
            if (closed.get()) {
                return;
            }
            stats.iceFailure();
            loop.execute(() -> {
                if (!closed.get() && isStarted()) {
                    onFailed.accept(reason);
                }
            });
        }
    }
}
