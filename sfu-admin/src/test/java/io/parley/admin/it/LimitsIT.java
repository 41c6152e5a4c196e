package io.parley.admin.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.admin.ParleyServer;
import io.parley.admin.auth.Grant;
import io.parley.admin.client.Offers;
import io.parley.admin.client.ParleyClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every {@code parley.limits.*} key, reached by real clients: the client is told ({@code error}
 * with code {@code limit}, or an HTTP 503), the refusal is counted under its name, and what was
 * refused works again once there is room.
 */
class LimitsIT {
    private static ClientFactory clients;

    @BeforeAll
    static void start() {
        clients = new ClientFactory();
    }

    @AfterAll
    static void stop() throws Exception {
        clients.close();
    }

    @Test
    void aFullRoomAndAServerFullOfRoomsRefuseJoinsUntilSomeoneLeaves() throws Exception {
        try (ParleyServer server = TestServers.start(Map.of("parley.limits.participants-per-room", 2,
                "parley.limits.rooms", 2))) {
            List<ParleyClient> open = new ArrayList<>();
            try {
                ParleyClient a = connect(server, open);
                a.join("r1", "A");
                connect(server, open).join("r1", "B");
                ParleyClient third = connect(server, open);
                assertLimit(third, "r1", "is full");
                assertEquals(1, refused(server, "participants_per_room"));

                connect(server, open).join("r2", "C");
                assertLimit(third, "r3", "as many rooms");
                assertEquals(1, refused(server, "rooms"));

                a.close();
                assertTrue(joinsEventually(third, "r1"), "a's place is free again");
            } finally {
                open.forEach(ParleyClient::close);
            }
        }
    }

    @Test
    void oneTokenSubjectTakesAtMostItsShareOfPlaces() throws Exception {
        try (ParleyServer server = TestServers.start(Map.of("parley.limits.sessions-per-identity", 2))) {
            String mallory = server.tokens().issue(Grant.everything("mallory", server.tokens().now()));
            List<ParleyClient> open = new ArrayList<>();
            try {
                ParleyClient first = connect(server, mallory, open);
                first.join("x", "M1");
                connect(server, mallory, open).join("y", "M2");
                ParleyClient third = connect(server, mallory, open);
                assertLimit(third, "z", "'mallory' is in as many rooms");
                assertEquals(1, refused(server, "sessions_per_identity"));
                connect(server, open).join("z", "Someone else"); // other subjects are not affected
                first.send(first.message("leave"));
                assertTrue(joinsEventually(third, "z"), "a place comes back when a session ends");
            } finally {
                open.forEach(ParleyClient::close);
            }
        }
    }

    @Test
    void tracksBeyondTheLimitAreAnsweredInactive() throws Exception {
        try (ParleyServer server = TestServers.start(Map.of("parley.limits.tracks-per-participant", 2));
             ParleyClient c = clients.connect(server)) {
            c.join("tracks", "Many mics");
            var answer = c.negotiate(Offers.offer(c, List.of(
                    new Offers.Line("audio", "0", "sendonly", 111, 41L),
                    new Offers.Line("audio", "1", "sendonly", 111, 42L),
                    new Offers.Line("audio", "2", "sendonly", 111, 43L))), Map.of());
            assertEquals("inactive", answer.media().get(2).direction().sdpName(), "the third track");
            assertEquals("recvonly", answer.media().get(1).direction().sdpName());
            JsonNode told = c.await(n -> "error".equals(n.path("type").asText()), Duration.ofSeconds(5));
            assertTrue(told.path("message").asText().contains("at most 2 tracks"), told.toString());
            assertEquals(1, refused(server, "tracks_per_participant"));
        }
    }

    @Test
    void moreLayersOrMLinesThanAllowedAreRefusedAndAMessageOverTheSizeClosesTheSocket() throws Exception {
        try (ParleyServer server = TestServers.start(Map.of("parley.limits.layers-per-track", 2,
                "parley.limits.media-sections", 3, "parley.limits.message-bytes", "4KiB"));
             ParleyClient c = clients.connect(server)) {
            c.join("layers", "Simulcaster");
            var answer = c.negotiate(Offers.offer(c, List.of(
                    new Offers.Line("video", "0", "sendonly", 96, List.of(51L, 52L, 53L)))), Map.of());
            assertEquals("inactive", answer.media().get(0).direction().sdpName(), "three layers, two allowed");
            JsonNode layers = c.await(n -> "error".equals(n.path("type").asText()), Duration.ofSeconds(5));
            assertTrue(layers.path("message").asText().contains("at most 2 simulcast layers"), layers.toString());
            assertEquals(1, refused(server, "layers_per_track"));

            List<Offers.Line> four = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                four.add(new Offers.Line("audio", "" + i, "sendonly", 111, 60L + i));
            }
            c.send(c.message("offer").put("sdp", Offers.offer(c, four)));
            JsonNode mLines = c.await(n -> "error".equals(n.path("type").asText()), Duration.ofSeconds(5));
            assertEquals("limit", mLines.path("code").asText(), mLines.toString());
            assertTrue(mLines.path("message").asText().contains("more than 3 m-lines"), mLines.toString());
            assertEquals(1, refused(server, "media_sections"));

            CompletableFuture<Integer> closed = new CompletableFuture<>();
            WebSocket raw = HttpClient.newHttpClient().newWebSocketBuilder()
                    .header("Authorization", "Bearer " + TestServers.token(server, "*"))
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.httpPort() + "/rtc"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                            closed.complete(statusCode);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            raw.sendText("{\"type\":\"pin\",\"padding\":\"" + "x".repeat(5000) + "\"}", true);
            assertEquals(1009, closed.get(5, TimeUnit.SECONDS), "RFC 6455 §7.4.1: the message is too big");
            raw.abort();
        }
    }

    @Test
    void aClientSendingFasterThanTheRateIsToldThenClosed() throws Exception {
        try (ParleyServer server = TestServers.start(Map.of("parley.limits.messages-per-second", 5));
             ParleyClient c = clients.connect(server)) {
            for (int i = 0; i < 10; i++) { // the burst: twice the rate
                c.send(c.message("pin"));
            }
            c.send(c.message("pin"));
            JsonNode over = c.await(n -> "limit".equals(n.path("code").asText()), Duration.ofSeconds(5));
            assertTrue(over.path("message").asText().contains("at most 5 per second"), over.toString());
            for (int i = 0; i < 30; i++) {
                c.send(c.message("pin"));
            }
            JsonNode end = c.await(n -> "terminated".equals(n.path("code").asText()), Duration.ofSeconds(5));
            assertTrue(end.path("message").asText().contains("messages per second"), end.toString());
            assertTrue(refused(server, "message_rate") >= 11);
        }
    }

    @Test
    void moreConnectionsFromOneAddressThanAllowedAreAnswered503() throws Exception {
        try (ParleyServer server = TestServers.start(Map.of("parley.limits.connections-per-address", 3,
                "parley.metrics.port", 0))) {
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    sockets.add(new Socket("127.0.0.1", server.httpPort()));
                }
                Socket fourth = new Socket("127.0.0.1", server.httpPort());
                sockets.add(fourth);
                fourth.setSoTimeout(5000);
                String answer = new String(fourth.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertTrue(answer.startsWith("HTTP/1.1 503"), answer);
                assertEquals(1, refused(server, "connections_per_address"));
                sockets.get(0).close();
                long deadline = System.nanoTime() + 5_000_000_000L;
                int status = 0;
                while (status != 200 && System.nanoTime() < deadline) {
                    status = OperationsIT.get(server.httpPort(), "/healthz").statusCode();
                }
                assertEquals(200, status, "a freed place takes a new connection");
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
        }
    }

    @Test
    void aConnectionThatSaysNothingIsClosedAfterTheIdleTimeoutButAWebSocketThatAnswersPingsStays()
            throws Exception {
        try (ParleyServer server = TestServers.start(Map.of("parley.limits.idle-timeout", "1500ms"));
             Socket silent = new Socket("127.0.0.1", server.httpPort());
             ParleyClient pinged = clients.connect(server)) {
            silent.setSoTimeout(10_000);
            long start = System.nanoTime();
            InputStream in = silent.getInputStream();
            assertEquals(-1, in.read(), "the server closes a silent connection");
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            assertTrue(seconds < 5, "closed after about the idle timeout, not " + seconds + " s");
            assertEquals(1, refused(server, "idle_connection"));
            Thread.sleep(2500);
            pinged.join("idle", "Quiet but alive"); // its socket still works: it answered the pings
        }
    }

    @Test
    void aWebSocketClientThatNeverReadsIsClosedInsteadOfGrowingServerMemory() throws Exception {
        try (ParleyServer server = TestServers.start(Map.of("parley.limits.websocket-send-buffer", "64KiB",
                "parley.limits.messages-per-second", 1_000_000))) {
            CompletableFuture<Integer> closed = new CompletableFuture<>();
            WebSocket deaf = HttpClient.newHttpClient().newWebSocketBuilder()
                    .header("Authorization", "Bearer " + TestServers.token(server, "*"))
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.httpPort() + "/rtc"), new WebSocket.Listener() {
                        @Override
                        public void onOpen(WebSocket webSocket) {
                            // Never requests a message: nothing the server sends is read.
                        }

                        @Override
                        public void onError(WebSocket webSocket, Throwable error) {
                            closed.complete(-1);
                        }
                    }).get(10, TimeUnit.SECONDS);
            // Every message is answered with an error the client never reads.
            String ask = "{\"type\":\"offer\"}";
            for (int i = 0; i < 200_000 && !closed.isDone(); i++) {
                try {
                    deaf.sendText(ask, true).get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    break; // the server closed the connection
                }
                if (i % 1000 == 0 && refused(server, "websocket_send_buffer") > 0) {
                    break;
                }
            }
            assertEquals(1, refused(server, "websocket_send_buffer"), "closed for not reading");
            deaf.abort();
        }
    }

    @Test
    void stalledHandshakesBeyondTheQueueFailAtOnceAndTheServerRecovers() throws Exception {
        try (ParleyServer server = TestServers.start(Map.of("parley.session.handshake-threads", 1,
                "parley.limits.pending-handshakes", 1, "parley.session.handshake-timeout", "2s"))) {
            List<ParleyClient> stalled = new ArrayList<>();
            try {
                // Clients that finish ICE but never send a ClientHello: each holds a handshake
                // thread (or a place in the queue) until its timeout.
                for (int i = 0; i < 3; i++) {
                    ParleyClient c = clients.connectWithoutDtls(server);
                    stalled.add(c);
                    c.join("stall", "Stalled " + i);
                    c.negotiate(Offers.offer(c, List.of(new Offers.Line("audio", "0", "sendonly", 111, 500L + i))),
                            Map.of());
                }
                assertTrue(anyIsTold(stalled, "too busy"), "the one beyond the queue hears the server is busy");
                assertTrue(refused(server, "pending_handshakes") >= 1);
            } finally {
                stalled.forEach(ParleyClient::close);
            }
            // Once the stalled ones time out, a real call connects.
            try (ParleyClient alice = clients.connect(server); ParleyClient bob = clients.connect(server)) {
                PublishedCall.start(alice, bob, "after-the-stall");
            }
        }
    }

    private static ParleyClient connect(ParleyServer server, List<ParleyClient> open) throws Exception {
        return connect(server, TestServers.token(server, "*"), open);
    }

    private static ParleyClient connect(ParleyServer server, String token, List<ParleyClient> open) throws Exception {
        ParleyClient c = clients.connect(server.httpPort(), token);
        open.add(c);
        return c;
    }

    /** Joins, retrying while the place another client freed is still being given back. */
    private static boolean joinsEventually(ParleyClient c, String room) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            c.send(c.message("join").put("room", room).put("name", "Late"));
            JsonNode reply = c.await(n -> n.path("type").asText().matches("joined|error"), Duration.ofSeconds(5));
            if ("joined".equals(reply.path("type").asText())) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static boolean anyIsTold(List<ParleyClient> clients, String says) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (ParleyClient c : clients) {
                try {
                    JsonNode e = c.await(n -> "terminated".equals(n.path("code").asText()), Duration.ofMillis(100));
                    if (e.path("message").asText().contains(says)) {
                        return true;
                    }
                } catch (AssertionError nothingYet) {
                    // keep looking
                }
            }
        }
        return false;
    }

    private static void assertLimit(ParleyClient c, String room, String says) throws Exception {
        c.send(c.message("join").put("room", room).put("name", "Late"));
        JsonNode e = c.await(n -> "error".equals(n.path("type").asText()), Duration.ofSeconds(5));
        assertEquals("limit", e.path("code").asText(), e.toString());
        assertTrue(e.path("message").asText().contains(says), e.toString());
    }

    private static double refused(ParleyServer server, String limit) throws Exception {
        return PrometheusText.parse(OperationsIT.get(server.metricsPort(), "/metrics").body())
                .value("parley_limits_refused_total", "limit", limit);
    }
}
