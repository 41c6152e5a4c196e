package io.parley.admin.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import io.parley.core.room.MediaInput;
import io.parley.transport.WebRtcTransport;
import io.parley.transport.dtls.DtlsCertificate;
import io.parley.transport.dtls.DtlsRole;
import io.parley.transport.ice.IceEndpoint;
import io.parley.transport.ice.IceSettings;
import io.parley.transport.ice.IceTransport;
import io.parley.transport.OutboundDecorator;
import io.parley.transport.TransportStats;
import io.parley.transport.sdp.IceCandidate;
import io.parley.transport.sdp.MediaSection;
import io.parley.transport.sdp.SessionDescription;

/**
 * A Java WebRTC client for integration tests and the load generator: WebSocket signalling, an
 * ICE-controlling agent on 127.0.0.1, DTLS client and SRTP, speaking to the server as a browser
 * would (docs/signaling.md).
 */
public final class ParleyClient implements AutoCloseable {
    /** Decrypted RTP as it arrives, on the client's event loop; the buffer is released after the call. */
    public interface RtpListener {
        void onRtp(ByteBuf packet);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebSocket socket;
    private final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    private final List<JsonNode> seen = new ArrayList<>();
    private final IceEndpoint ice;
    private final WebRtcTransport transport;
    private final EventExecutor loop;
    private final DtlsCertificate certificate;
    private final CountDownLatch connected = new CountDownLatch(1);
    private volatile RtpListener rtpListener = packet -> { };
    private volatile String participantId;

    /**
     * Each client needs a port of its own: the single-port harvester tells sessions apart by remote
     * address, and every client talks to the same server address. Clients share one {@code http}:
     * an {@link HttpClient} holds a selector thread and descriptors until it is garbage collected.
     */
    public ParleyClient(HttpClient http, int httpPort, String token, EventExecutor loop, ByteBufAllocator allocator,
                        Executor handshakes) throws Exception {
        this.loop = loop;
        this.ice = new IceEndpoint(new IceSettings(0, "127.0.0.1", ""));
        this.certificate = DtlsCertificate.generate("test-client");
        this.transport = new WebRtcTransport("client", DtlsRole.CLIENT, loop, allocator, ice, certificate,
                handshakes, Duration.ofSeconds(10), new TransportStats(), OutboundDecorator.NONE);
        this.socket = http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .buildAsync(URI.create("ws://127.0.0.1:" + httpPort + "/rtc"), new Listener())
                .get(10, TimeUnit.SECONDS);
    }

    public JsonNode send(ObjectNode message) throws Exception {
        socket.sendText(JSON.writeValueAsString(message), true).get(5, TimeUnit.SECONDS);
        return message;
    }

    public ObjectNode message(String type) {
        return JSON.createObjectNode().put("type", type);
    }

    /** Waits for the next message matching the predicate; earlier non-matching ones are kept in {@link #seen}. */
    public JsonNode await(Predicate<JsonNode> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (seen) {
            for (JsonNode n : seen) {
                if (match.test(n)) {
                    seen.remove(n);
                    return n;
                }
            }
        }
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode n = inbox.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (n == null) {
                throw new AssertionError("no matching signalling message within " + timeout + "; seen: " + seen);
            }
            if (match.test(n)) {
                return n;
            }
            synchronized (seen) {
                seen.add(n);
            }
        }
    }

    public JsonNode awaitType(String type) throws InterruptedException {
        return await(n -> type.equals(n.path("type").asText()), Duration.ofSeconds(10));
    }

    public String join(String room, String name) throws Exception {
        send(message("join").put("room", room).put("name", name));
        participantId = awaitType("joined").path("participantId").asText();
        return participantId;
    }

    /** Offers, applies the answer and starts ICE/DTLS on the first call. Returns the parsed answer. */
    public SessionDescription negotiate(String offerSdp, Map<String, String> subscriptions) throws Exception {
        ObjectNode offer = message("offer").put("sdp", offerSdp);
        var subs = offer.putArray("subscriptions");
        subscriptions.forEach((mid, track) -> subs.addObject().put("mid", mid).put("trackId", track));
        send(offer);
        JsonNode answer = await(n -> "answer".equals(n.path("type").asText()) || "error".equals(n.path("type").asText()),
                Duration.ofSeconds(10));
        if (!"answer".equals(answer.path("type").asText())) {
            throw new AssertionError("offer refused: " + answer);
        }
        SessionDescription sd = SessionDescription.parse(answer.path("sdp").asText());
        if (!transport.isStarted()) {
            MediaSection m = sd.media().get(0);
            List<IceTransport.Candidate> candidates = new ArrayList<>();
            for (String c : m.candidates()) {
                candidates.add(parseCandidate(c));
            }
            CompletableFuture<Void> started = new CompletableFuture<>();
            loop.execute(() -> {
                transport.start(m.iceUfrag(), m.icePwd(), candidates, m.fingerprint().value(), new Receiver(),
                        reason -> { });
                started.complete(null);
            });
            started.get(5, TimeUnit.SECONDS);
        }
        return sd;
    }

    public boolean awaitConnected(Duration timeout) throws InterruptedException {
        return connected.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Sends one RTP packet (plain; the transport encrypts it in place and releases it) from the
     * client's loop. The buffer must be a heap buffer that can grow by the SRTP trailer.
     */
    public void sendRtp(ByteBuf packet) {
        loop.execute(() -> transport.sendRtp(packet));
    }

    /** The client vanishes as a crashed tab would: no leave, no more packets, socket left open. */
    public void stopMedia() {
        transport.close();
    }

    /** The client's own UDP port: where a test's firewall rule aims to cut this client off. */
    public int udpPort() {
        return ice.port();
    }

    public String iceUfrag() {
        return transport.iceUfrag();
    }

    public String icePassword() {
        return transport.icePassword();
    }

    public String fingerprint() {
        return certificate.fingerprint();
    }

    public String participantId() {
        return participantId;
    }

    /** Where decrypted RTP goes; set before media flows. */
    public void onRtp(RtpListener listener) {
        this.rtpListener = listener;
    }

    /** Its connection drops as a phone's does when it changes networks: no close frame, no leave. */
    public void dropSignalling() {
        socket.abort();
    }

    /** Hangs up as an app does: a WebSocket close (the server ends the session at once), then the media. */
    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Closed already, or the server went first: nothing more to say.
        }
        socket.abort();
        transport.close();
        ice.close();
    }

    private static IceTransport.Candidate parseCandidate(String line) {
        IceCandidate c = IceCandidate.parse(line);
        return new IceTransport.Candidate(c.foundation(), c.priority(), c.address(), c.port(), c.type());
    }

    private final class Receiver implements MediaInput {
        @Override
        public void onRtp(ByteBuf packet, long arrivalNanos) {
            rtpListener.onRtp(packet);
        }

        @Override
        public void onRtcp(ByteBuf packet) {
        }

        @Override
        public void onConnected() {
            connected.countDown();
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    inbox.add(JSON.readTree(partial.toString()));
                } catch (Exception e) {
                    throw new IllegalStateException("server sent non-JSON: " + partial, e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
