package io.parley.admin.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.parley.admin.auth.Grant;
import io.parley.admin.auth.Tokens;
import io.parley.admin.client.Offers;
import io.parley.admin.client.ParleyClient;
import io.parley.transport.sdp.Direction;
import io.parley.transport.sdp.SessionDescription;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Join tokens and the admin API through real HTTP and WebSocket clients: every way a token can be
 * wrong gets its status and creates nothing; admin actions change what clients see.
 */
class AuthAndAdminIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final SharedServer SHARED = new SharedServer();
    private static String admin;

    @BeforeAll
    static void start() throws Exception {
        admin = token(new Grant("ops", "*", Instant.now().plusSeconds(600), false, false, false, true));
    }

    @Test
    void everyBadTokenIsRefusedAtTheUpgradeAndCreatesNothing() throws Exception {
        Instant now = Instant.now();
        String expired = token(new Grant("x", "*", now.minusSeconds(5), true, true, true, false));
        String foreign = new Tokens("some-other-secret-that-is-long-enough", java.time.Clock.systemUTC())
                .issue(new Grant("x", "*", now.plusSeconds(60), true, true, true, false));
        for (String bad : new String[] {null, "garbage", expired, foreign}) {
            assertEquals(401, upgradeStatus("/rtc", bad), "token " + bad);
        }
        // Netty's WebSocket handler matches its path as a prefix: below /rtc nothing upgrades,
        // with a token or without.
        for (String path : new String[] {"/rtc/x", "/rtc/", "/rtc/x?token=y"}) {
            assertEquals(404, upgradeStatus(path, null), path);
        }
        assertEquals(404, upgradeStatus("/rtc/x", token(new Grant("x", "*", now.plusSeconds(60), true, true, true,
                false))), "a valid token opens /rtc only");
        assertEquals(List.of(), roomNames());

        try (ParleyClient c = SHARED.clients().connect(SHARED.server().httpPort(), token(
                new Grant("x", "standup", now.plusSeconds(60), true, true, true, false)))) {
            c.send(c.message("join").put("room", "other").put("name", "X"));
            JsonNode error = c.awaitType("error");
            assertEquals("forbidden", error.path("code").asText());
            assertTrue(error.path("message").asText().contains("standup"));
        }
        assertEquals(List.of(), roomNames(), "the refused join created no room");
    }

    @Test
    void anAudioOnlyTokenCannotPublishVideo() throws Exception {
        try (ParleyClient c = SHARED.clients().connect(SHARED.server().httpPort(), token(
                new Grant("radio", "*", Instant.now().plusSeconds(60), true, true, false, false)))) {
            c.join("audio-only", "Radio");
            SessionDescription answer = c.negotiate(Offers.offer(c, List.of(
                    new Offers.Line("audio", "0", "sendonly", 111, 1111L),
                    new Offers.Line("video", "1", "sendonly", 96, 2222L))), Map.of());
            assertEquals(Direction.RECVONLY, answer.media().get(0).direction());
            assertEquals(Direction.INACTIVE, answer.media().get(1).direction());
            assertEquals("forbidden", c.awaitType("error").path("code").asText());
            JsonNode room = admin("GET", "/admin/v1/rooms/audio-only", null).body;
            JsonNode tracks = room.path("participants").get(0).path("tracks");
            assertEquals(1, tracks.size());
            assertEquals("audio", tracks.get(0).path("kind").asText());
        }
    }

    @Test
    void theAdminApiNeedsAnAdminTokenAndAnswersErrorsInJson() throws Exception {
        Reply none = request("GET", "/admin/v1/rooms", null, null);
        assertEquals(401, none.status);
        assertEquals("unauthorized", none.body.path("error").path("code").asText());
        String user = token(new Grant("u", "*", Instant.now().plusSeconds(60), true, true, true, false));
        assertEquals(403, request("GET", "/admin/v1/rooms", user, null).status);
        assertEquals(404, admin("GET", "/admin/v1/rooms/nowhere", null).status);
        assertEquals("not-found", admin("GET", "/admin/v1/rooms/nowhere", null).body.path("error").path("code").asText());
        assertEquals(404, admin("GET", "/admin/v1/nothing", null).status);
        assertEquals(405, admin("POST", "/admin/v1/rooms", "{}").status);
    }

    @Test
    void aSessionEndsWhenItsTokenExpiresUnlessARefreshMovesIt() throws Exception {
        Instant soon = Instant.now().plusSeconds(2);
        String shortLived = token(new Grant("eve", "*", soon, true, true, true, false));
        String later = token(new Grant("eve", "*", soon.plusSeconds(60), true, true, true, false));
        String someoneElse = token(new Grant("mallory", "*", soon.plusSeconds(60), true, true, true, false));
        try (ParleyClient stays = SHARED.clients().connect(SHARED.server().httpPort(), shortLived);
             ParleyClient goes = SHARED.clients().connect(SHARED.server().httpPort(), shortLived)) {
            stays.join("expiry", "Stays");
            goes.join("expiry", "Goes");
            stays.send(stays.message("refresh").put("token", someoneElse));
            JsonNode refused = stays.await(n -> "error".equals(n.path("type").asText()), Duration.ofSeconds(5));
            assertEquals("forbidden", refused.path("code").asText(), "another subject's token extends nothing");
            stays.send(stays.message("refresh").put("token", later));
            assertEquals(soon.plusSeconds(60).getEpochSecond(), stays.awaitType("refreshed").path("expires").asLong());

            JsonNode end = goes.await(n -> "terminated".equals(n.path("code").asText()), Duration.ofSeconds(6));
            assertTrue(end.path("message").asText().contains("token expired"), end.toString());
            stays.await(n -> "participantLeft".equals(n.path("type").asText()), Duration.ofSeconds(5));
            assertThrows(AssertionError.class, () -> stays.await(n -> "terminated".equals(n.path("code").asText()),
                    Duration.ofSeconds(1)), "the refreshed session goes on");
        }
    }

    @Test
    void aRequestTargetThatDoesNotDecodeIsAnswered400() throws Exception {
        for (String target : new String[] {"/whip/room%", "/admin/v1/rooms/%zz", "/rtc?token=%z"}) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", SHARED.server().httpPort())) {
                s.setSoTimeout(5000);
                s.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                String answer = new String(s.getInputStream().readNBytes(12), java.nio.charset.StandardCharsets.US_ASCII);
                assertEquals("HTTP/1.1 400", answer, target);
            }
        }
    }

    @Test
    void anAdminTokenForOneRoomReachesThatRoomOnly() throws Exception {
        try (ParleyClient inA = SHARED.connect(); ParleyClient inB = SHARED.connect()) {
            inA.join("host-a", "A");
            inB.join("host-b", "B");
            String hostOfA = token(new Grant("host", "host-a", Instant.now().plusSeconds(60), true, true, true, true));
            JsonNode listed = request("GET", "/admin/v1/rooms", hostOfA, null).body;
            assertEquals(1, listed.path("rooms").size(), listed.toString());
            assertEquals("host-a", listed.path("rooms").get(0).path("name").asText());
            assertEquals(200, request("GET", "/admin/v1/rooms/host-a", hostOfA, null).status);
            Reply other = request("DELETE", "/admin/v1/rooms/host-b/participants/" + inB.participantId(), hostOfA, null);
            assertEquals(403, other.status, "another room's participant");
            assertEquals(403, request("DELETE", "/admin/v1/rooms/host-b", hostOfA, null).status);
            assertEquals(403, request("GET", "/admin/v1/rooms/host-b", hostOfA, null).status,
                    "not even whether it exists");
            assertEquals(200, admin("GET", "/admin/v1/rooms/host-b", null).status, "B is still there");
        }
    }

    @Test
    void operatorsSeeTheCallMuteAndRemoveParticipantsAndCloseRooms() throws Exception {
        try (ParleyClient alice = SHARED.connect();
             ParleyClient bob = SHARED.connect()) {
            PublishedCall.start(alice, bob, "ops");
            // Alice speaks (50 packets/s) while the operator looks: bitrates are sampled each second.
            ScheduledExecutorService speaker = Executors.newSingleThreadScheduledExecutor();
            AtomicInteger seq = new AtomicInteger();
            speaker.scheduleAtFixedRate(() -> {
                int i = seq.getAndIncrement();
                alice.sendRtp(Unpooled.buffer().writeBytes(RelayIT.rtp(111, i, 960L * i, PublishedCall.AUDIO_SSRC,
                        new byte[200])));
            }, 0, 20, TimeUnit.MILLISECONDS);
            JsonNode room;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            do {
                Thread.sleep(200);
                room = admin("GET", "/admin/v1/rooms/ops", null).body;
            } while (participant(room, alice.participantId()).path("tracks").get(0).path("bitrateBps").asLong() == 0
                    && System.nanoTime() < until);
            speaker.shutdownNow();
            assertEquals("ops", room.path("name").asText());
            assertEquals(2, room.path("participants").size());
            JsonNode a = participant(room, alice.participantId());
            JsonNode audio = a.path("tracks").get(0);
            assertEquals("audio", audio.path("kind").asText());
            assertTrue(audio.path("bitrateBps").asLong() > 0, "bitrate measured: " + audio);
            assertEquals(1, audio.path("subscribers").asInt());
            assertEquals(2, participant(room, bob.participantId()).path("subscriptions").size());
            assertEquals(List.of("ops"), roomNames());

            Reply bad = admin("POST", "/admin/v1/rooms/ops/participants/" + alice.participantId() + "/mute", "{\"kind\":1}");
            assertEquals(400, bad.status);
            Reply muted = admin("POST", "/admin/v1/rooms/ops/participants/" + alice.participantId() + "/mute",
                    "{\"kind\":\"audio\",\"muted\":true}");
            assertEquals(200, muted.status);
            JsonNode told = alice.await(n -> "trackMuted".equals(n.path("type").asText()), Duration.ofSeconds(5));
            assertTrue(told.path("byOperator").asBoolean() && told.path("muted").asBoolean(), told.toString());
            assertTrue(bob.await(n -> "trackMuted".equals(n.path("type").asText()), Duration.ofSeconds(5))
                    .path("muted").asBoolean());
            alice.send(alice.message("mute").put("kind", "audio").put("muted", false));
            assertEquals("forbidden", alice.awaitType("error").path("code").asText(), "cannot unmute itself");

            assertEquals(204, admin("DELETE", "/admin/v1/rooms/ops/participants/" + bob.participantId(), null).status);
            assertEquals("terminated", bob.awaitType("error").path("code").asText());
            assertEquals(404, admin("DELETE", "/admin/v1/rooms/ops/participants/nobody", null).status);

            assertEquals(204, admin("DELETE", "/admin/v1/rooms/ops", null).status);
            assertEquals("terminated", alice.awaitType("error").path("code").asText());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!roomNames().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(List.of(), roomNames(), "the closed room is gone");
    }

    @Test
    void whipAndWhepRefuseWhatTheyCannotServeAndCreateNothing() throws Exception {
        String offer = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
        String anyRoom = token(new Grant("w", "*", Instant.now().plusSeconds(60), true, true, true, false));
        String viewer = token(new Grant("w", "*", Instant.now().plusSeconds(60), false, true, true, false));
        String roomA = token(new Grant("w", "a", Instant.now().plusSeconds(60), true, true, true, false));
        assertEquals(401, sdp("POST", "/whip/a", null, offer).status);
        assertEquals(403, sdp("POST", "/whip/b", roomA, offer).status, "token for another room");
        assertEquals(403, sdp("POST", "/whip/a", viewer, offer).status, "no publish grant");
        assertEquals(415, request("POST", "/whip/a", anyRoom, "{}").status, "not SDP");
        assertEquals(400, sdp("POST", "/whip/a", anyRoom, "this is not sdp").status);
        assertEquals(400, sdp("POST", "/whip/a", anyRoom, offer).status, "no m-lines");
        assertEquals(405, sdp("PATCH", "/whip/a/p123", anyRoom, offer).status, "no trickle");
        assertEquals(404, sdp("POST", "/whep/a/nobody", anyRoom, offer).status, "no such publisher");
        assertEquals(404, sdp("DELETE", "/whip/a/nobody", anyRoom, null).status);
        assertEquals(List.of(), roomNames(), "nothing was created");
    }

    /**
     * Session ids are announced to the whole room, so a WHIP or WHEP resource is ended only by
     * whoever opened it, or an admin: another token holder of the room gets 403 and the session
     * lives on.
     */
    @Test
    void onlyItsOwnerOrAnAdminEndsAWhipSession() throws Exception {
        String offer = java.nio.file.Files.readString(java.nio.file.Path.of("../../shared/testdata/chrome-156-simulcast-offer.sdp"));
        String owner = token(new Grant("owner", "whipper", Instant.now().plusSeconds(60), true, true, true, false));
        String other = token(new Grant("mallory", "whipper", Instant.now().plusSeconds(60), true, true, true, false));
        String first = location(owner, offer);
        String second = location(owner, offer);
        assertEquals(403, sdp("DELETE", first, other, null).status, "another user of the room");
        assertEquals(403, sdp("DELETE", second, other, null).status);
        assertEquals(200, sdp("DELETE", first, owner, null).status, "its owner");
        assertEquals(404, sdp("DELETE", first, owner, null).status, "gone");
        assertEquals(200, sdp("DELETE", second, admin, null).status, "an admin");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (roomNames().contains("whipper") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertFalse(roomNames().contains("whipper"), "the room closed with its last session");
    }

    private static String location(String token, String offer) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + SHARED.server().httpPort()
                        + "/whip/whipper")).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/sdp")
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(offer)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        return r.headers().firstValue("location").orElseThrow();
    }

    private static Reply sdp(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + SHARED.server().httpPort() + path))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/sdp")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body().startsWith("{") ? JSON.readTree(r.body()) : JSON.createObjectNode());
    }

    private static JsonNode participant(JsonNode room, String id) {
        for (JsonNode p : room.path("participants")) {
            if (p.path("id").asText().equals(id)) {
                return p;
            }
        }
        throw new AssertionError("no " + id + " in " + room);
    }

    private static List<String> roomNames() throws Exception {
        Reply r = admin("GET", "/admin/v1/rooms", null);
        assertEquals(200, r.status);
        return r.body.path("rooms").findValuesAsText("name");
    }

    private static int upgradeStatus(String path, String token) throws Exception {
        WebSocket.Builder b = HTTP.newWebSocketBuilder();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            b.buildAsync(URI.create("ws://127.0.0.1:" + SHARED.server().httpPort() + path),
                    new WebSocket.Listener() { })
                    .join().abort();
            return 101;
        } catch (CompletionException e) {
            assertTrue(e.getCause() instanceof WebSocketHandshakeException, e.toString());
            HttpResponse<?> response = ((WebSocketHandshakeException) e.getCause()).getResponse();
            assertFalse(String.valueOf(response.body()).contains("Exception"));
            return response.statusCode();
        }
    }

    record Reply(int status, JsonNode body) {}

    private static Reply admin(String method, String path, String body) throws Exception {
        return request(method, path, admin, body);
    }

    private static Reply request(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + SHARED.server().httpPort() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body().startsWith("{") ? JSON.readTree(r.body()) : JSON.createObjectNode());
    }

    private static String token(Grant grant) {
        return SHARED.server().tokens().issue(grant);
    }
}
