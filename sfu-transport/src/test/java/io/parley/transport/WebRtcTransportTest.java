package io.parley.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.DefaultEventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.parley.core.room.MediaInput;
import io.parley.transport.dtls.CertificateRotation;
import io.parley.transport.dtls.DtlsCertificate;
import io.parley.transport.dtls.DtlsRole;
import io.parley.transport.ice.IceEndpoint;
import io.parley.transport.ice.IceSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A server transport from the factory and a client one, connected over loopback: what the server
 * sends leaves through the factory's decorator already protected, and reaches the client.
 */
class WebRtcTransportTest {
    /** SRTP's AEAD_AES_128_GCM tag (RFC 7714 §14.2): what protection adds to an RTP packet. */
    private static final int GCM_TAG = 16;

    private final PooledByteBufAllocator buffers = new PooledByteBufAllocator(false);
    private final ExecutorService handshakes = Executors.newFixedThreadPool(2);
    private final DefaultEventLoop serverLoop = new DefaultEventLoop();
    private final DefaultEventLoop clientLoop = new DefaultEventLoop();
    private final CertificateRotation certificates = new CertificateRotation("server", Duration.ofDays(1),
            Clock.systemUTC());
    private final Seen seen = new Seen();
    private IceEndpoint serverIce;
    private IceEndpoint clientIce;

    @BeforeEach
    void open() throws Exception {
        serverIce = new IceEndpoint(new IceSettings(0, "127.0.0.1", ""));
        clientIce = new IceEndpoint(new IceSettings(0, "127.0.0.1", ""));
    }

    @AfterEach
    void shut() throws Exception {
        handshakes.shutdownNow();
        serverLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        clientLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        serverIce.close();
        clientIce.close();
    }

    @Test
    void whatTheServerSendsLeavesProtectedThroughTheDecoratorAndReachesTheClient() throws Exception {
        TransportStats stats = new TransportStats();
        TransportFactory factory = new TransportFactory(buffers, serverIce, certificates, handshakes,
                Duration.ofSeconds(10), stats, seen);
        Inbox atServer = new Inbox();
        Inbox atClient = new Inbox();
        try (WebRtcTransport server = factory.serverTransport("p1", serverLoop);
             WebRtcTransport client = new WebRtcTransport("client", DtlsRole.CLIENT, clientLoop, buffers, clientIce,
                     DtlsCertificate.generate("client"), handshakes, Duration.ofSeconds(10), new TransportStats(),
                     OutboundDecorator.NONE)) {
            assertEquals("p1", seen.transportId);
            assertSame(serverLoop, seen.loop, "the decorator works on the transport's loop");
            assertEquals(certificates.current().fingerprint(), server.fingerprint());

            serverLoop.submit(() -> server.start(client.iceUfrag(), client.icePassword(), List.of(),
                    client.fingerprint(), atServer, atServer::failed)).get();
            clientLoop.submit(() -> client.start(server.iceUfrag(), server.icePassword(), server.iceCandidates(),
                    server.fingerprint(), atClient, atClient::failed)).get();
            assertTrue(atServer.connected.await(10, TimeUnit.SECONDS), "the server is up: " + atServer.failures);
            assertTrue(atClient.connected.await(10, TimeUnit.SECONDS), "the client is up: " + atClient.failures);

            serverLoop.execute(() -> server.sendRtp(rtp(7, 100)));
            assertEquals(7, atClient.rtp.poll(5, TimeUnit.SECONDS), "the client decrypted the server's packet");
            serverLoop.execute(() -> server.sendRtcp(receiverReport()));
            assertEquals(Boolean.TRUE, atClient.rtcp.poll(5, TimeUnit.SECONDS), "and its report");
            assertEquals(List.of("rtp " + (12 + 100 + GCM_TAG), "rtcp"), seen.datagrams(),
                    "both left through the decorator, the RTP with its SRTP tag");
            // The send is counted after the datagram left, on the server's loop: wait for that task.
            serverLoop.submit(() -> { }).get();
            assertEquals(1, stats.rtpPacketsOut());
            assertEquals(1, stats.rtcpPacketsOut());
        }
        assertTrue(seen.closed.await(5, TimeUnit.SECONDS), "closing the transport closes its way out");
    }

    @Test
    void beforeDtlsIsUpNothingReachesTheWayOut() throws Exception {
        TransportStats stats = new TransportStats();
        TransportFactory factory = new TransportFactory(buffers, serverIce, certificates, handshakes,
                Duration.ofSeconds(10), stats, seen);
        try (WebRtcTransport server = factory.serverTransport("p1", serverLoop)) {
            ByteBuf packet = rtp(1, 100);
            serverLoop.submit(() -> server.sendRtp(packet)).get();
            assertEquals(0, packet.refCnt(), "dropped and released");
            assertEquals(1, stats.drops(TransportStats.Drop.NOT_CONNECTED));
            assertEquals(List.of(), seen.datagrams());
        }
    }

    /** An RTP packet (RFC 3550 §5.1) with payload type 96 and the given sequence number. */
    private ByteBuf rtp(int sequence, int payloadBytes) {
        ByteBuf packet = buffers.heapBuffer(12 + payloadBytes + GCM_TAG);
        packet.writeByte(0x80).writeByte(96).writeShort(sequence).writeInt(90_000).writeInt(0x1234_5678);
        return packet.writeZero(payloadBytes);
    }

    /** An empty receiver report (RFC 3550 §6.4.2). */
    private ByteBuf receiverReport() {
        return buffers.heapBuffer(64).writeByte(0x80).writeByte(201).writeShort(1).writeInt(0x0BAD_CAFE);
    }

    /** The decorator: records whom it wraps and what passes, and passes everything on. */
    private static final class Seen implements OutboundDecorator {
        final CountDownLatch closed = new CountDownLatch(1);
        private final List<String> datagrams = new CopyOnWriteArrayList<>();
        volatile String transportId;
        volatile EventExecutor loop;

        @Override
        public Outbound wrap(String id, EventExecutor transportLoop, Outbound next) {
            transportId = id;
            loop = transportLoop;
            return new Outbound() {
                @Override
                public void send(ByteBuf datagram, boolean rtcp) {
                    datagrams.add(rtcp ? "rtcp" : "rtp " + datagram.readableBytes());
                    next.send(datagram, rtcp);
                }

                @Override
                public void close() {
                    closed.countDown();
                    next.close();
                }
            };
        }

        List<String> datagrams() {
            return List.copyOf(datagrams);
        }
    }

    /** One side's media input: sequence numbers of decrypted RTP, RTCP, connection and failures. */
    private static final class Inbox implements MediaInput {
        final BlockingQueue<Integer> rtp = new LinkedBlockingQueue<>();
        final BlockingQueue<Boolean> rtcp = new LinkedBlockingQueue<>();
        final CountDownLatch connected = new CountDownLatch(1);
        final List<String> failures = new CopyOnWriteArrayList<>();

        @Override
        public void onRtp(ByteBuf packet, long arrivalNanos) {
            rtp.add(packet.getUnsignedShort(packet.readerIndex() + 2));
        }

        @Override
        public void onRtcp(ByteBuf packet) {
            rtcp.add(packet.getUnsignedByte(packet.readerIndex() + 1) == 201);
        }

        @Override
        public void onConnected() {
            connected.countDown();
        }

        void failed(String reason) {
            failures.add(reason);
        }
    }
}
