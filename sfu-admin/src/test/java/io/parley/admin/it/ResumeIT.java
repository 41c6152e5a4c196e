package io.parley.admin.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.admin.ParleyServer;
import io.parley.admin.auth.Grant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Signalling resume over real WebSockets: a socket that drops without a close frame leaves its
 * participant in the room, and a new socket with the same subject's token and the resume token
 * from {@code joined} takes the session over, getting exactly the messages it missed. Nobody
 * else sees a leave. A stranger's token, a wrong resume token or a resume on a used socket take
 * nothing over and end nothing; a socket closed with a close frame ends its session at once.
 */
class ResumeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static ParleyServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aDroppedSocketComesBackWithWhatItMissedAndNobodySawItLeave() throws Exception {
        List<Socket> open = new ArrayList<>();
        try {
            Socket ann = open(token("ann"), open);
            JsonNode joined = ann.join("resume", "Ann");
            String annId = joined.path("participantId").asText();
            String resumeToken = joined.path("resumeToken").asText();
            assertEquals(32, resumeToken.length(), "128 random bits, hex");
            Socket ben = open(token("ben"), open);
            ben.join("resume", "Ben");
            long seen = ann.await(m -> "participantJoined".equals(m.path("type").asText())).path("seq").asLong();

            ann.socket.abort();
            Socket cat = open(token("cat"), open);
            String catId = cat.join("resume", "Cat").path("participantId").asText();

            Socket stranger = open(token("mallory"), open);
            stranger.resume(annId, resumeToken, seen);
            assertEquals("forbidden", stranger.awaitType("error").path("code").asText(),
                    "another subject cannot take Ann's session over, even with her resume token");
            Socket guessing = open(token("ann"), open);
            guessing.resume(annId, "00000000000000000000000000000000", seen);
            assertEquals("resume-failed", guessing.awaitType("error").path("code").asText(), "a wrong resume token");

            Socket back = open(token("ann"), open);
            back.resume(annId, resumeToken, seen);
            JsonNode missed = back.awaitType("participantJoined");
            assertEquals(catId, missed.path("participant").path("id").asText(), "Cat's arrival, sent while Ann was away");
            assertEquals(seen + 1, missed.path("seq").asLong(), "numbered right after the last she saw");
            assertEquals(annId, back.awaitType("resumed").path("participantId").asText());

            back.send("{\"type\":\"mute\",\"kind\":\"audio\",\"muted\":true}");
            Thread.sleep(500);
            assertFalse(ben.received(m -> "participantLeft".equals(m.path("type").asText())), "Ben never saw Ann leave");
            assertFalse(back.received(m -> "error".equals(m.path("type").asText())), "the resumed session works");

            back.resume(annId, resumeToken, 0);
            assertEquals("bad-request", back.awaitType("error").path("code").asText(), "resume only as a first message");

            back.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
            JsonNode left = ben.await(m -> "participantLeft".equals(m.path("type").asText()));
            assertEquals(annId, left.path("participantId").asText(), "a close frame is a hang-up: Ann leaves at once");
        } finally {
            open.forEach(s -> s.socket.abort());
        }
    }

    @Test
    void aResumeTakesOverFromASocketThatHasNotNoticedItsNetworkIsGone() throws Exception {
        List<Socket> open = new ArrayList<>();
        try {
            Socket ann = open(token("ann2"), open);
            JsonNode joined = ann.join("takeover", "Ann");
            Socket back = open(token("ann2"), open);
            back.resume(joined.path("participantId").asText(), joined.path("resumeToken").asText(),
                    joined.path("seq").asLong());
            assertNotNull(back.awaitType("resumed"));
            ann.closed.get(5, TimeUnit.SECONDS); // times out unless the server closed the stale socket
            back.send("{\"type\":\"join\",\"room\":\"takeover\",\"name\":\"Ann\"}");
            assertEquals("already joined", back.awaitType("error").path("message").asText(),
                    "the session lives on on the new socket");
        } finally {
            open.forEach(s -> s.socket.abort());
        }
    }

    @Test
    void aClientThatDoesNotComeBackWithinTheWindowIsGoneAndCannotResumeLater() throws Exception {
        List<Socket> open = new ArrayList<>();
        try (ParleyServer quick = TestServers.start(Map.of("parley.session.silence-timeout", "2s"))) {
            Socket ann = open(quick, token(quick, "ann3"), open);
            JsonNode joined = ann.join("window", "Ann");
            Socket ben = open(quick, token(quick, "ben3"), open);
            ben.join("window", "Ben");
            ann.socket.abort();
            long dropped = System.nanoTime();
            JsonNode left = ben.await(m -> "participantLeft".equals(m.path("type").asText()));
            assertEquals(joined.path("participantId").asText(), left.path("participantId").asText());
            assertTrue(System.nanoTime() - dropped >= 1_500_000_000L, "Ann was kept for the window first");
            Socket late = open(quick, token(quick, "ann3"), open);
            late.resume(joined.path("participantId").asText(), joined.path("resumeToken").asText(), 1);
            assertEquals("resume-failed", late.awaitType("error").path("code").asText(), "too late: join again");
        } finally {
            open.forEach(s -> s.socket.abort());
        }
    }

    private static String token(String identity) {
        return token(server, identity);
    }

    private static String token(ParleyServer server, String identity) {
        Grant g = Grant.everything(identity, server.tokens().now());
        return server.tokens().issue(new Grant(identity, "*", g.expires(), true, true, true, false));
    }

    private static Socket open(String token, List<Socket> open) throws Exception {
        return open(server, token, open);
    }

    private static Socket open(ParleyServer server, String token, List<Socket> open) throws Exception {
        Socket s = new Socket();
        s.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.httpPort() + "/rtc?token=" + token), s)
                .get(5, TimeUnit.SECONDS);
        open.add(s);
        return s;
    }

    /** A raw signalling WebSocket that keeps every message it got. */
    private static final class Socket implements WebSocket.Listener {
        WebSocket socket;
        final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
        final List<JsonNode> all = new CopyOnWriteArrayList<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode m = JSON.readTree(partial.toString());
                    inbox.add(m);
                    all.add(m);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            closed.complete(status);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.complete(-1);
        }

        void send(String text) throws Exception {
            socket.sendText(text, true).get(5, TimeUnit.SECONDS);
        }

        /** The first message of a socket that takes a dropped session over (docs/signaling.md, Resume). */
        void resume(String participantId, String resumeToken, long lastSeq) throws Exception {
            send(JSON.createObjectNode().put("type", "resume").put("participantId", participantId)
                    .put("resumeToken", resumeToken).put("lastSeq", lastSeq).toString());
        }

        JsonNode join(String room, String name) throws Exception {
            send("{\"type\":\"join\",\"room\":\"" + room + "\",\"name\":\"" + name + "\"}");
            return awaitType("joined");
        }

        JsonNode awaitType(String type) throws InterruptedException {
            return await(m -> type.equals(m.path("type").asText()));
        }

        JsonNode await(Predicate<JsonNode> match) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            for (JsonNode m = inbox.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS); m != null;
                 m = inbox.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                if (match.test(m)) {
                    return m;
                }
            }
            throw new AssertionError("no such message within " + WAIT + "; got " + all);
        }

        boolean received(Predicate<JsonNode> match) {
            return all.stream().anyMatch(match);
        }
    }
}
