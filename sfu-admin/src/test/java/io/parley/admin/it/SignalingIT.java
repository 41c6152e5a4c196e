package io.parley.admin.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.admin.ParleyServer;
import io.parley.admin.client.Offers;
import io.parley.admin.client.ParleyClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad input at the signalling door gets a clear error; vanished participants are removed. */
class SignalingIT {
    private static ParleyServer server;
    private static ClientFactory clients;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(Map.of("parley.session.silence-timeout", "8s"));
        clients = new ClientFactory();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        clients.close();
    }

    private ParleyClient client() throws Exception {
        return clients.connect(server);
    }

    @Test
    void malformedMessagesGetErrorsAndNothingIsCreated() throws Exception {
        try (ParleyClient c = client()) {
            c.send(c.message("offer").put("sdp", "v=0"));
            assertEquals("not-joined", c.awaitType("error").path("code").asText());
            c.send(c.message("mute").put("kind", "audio").put("muted", true));
            assertEquals("not-joined", c.awaitType("error").path("code").asText());
            c.send(c.message("dance"));
            assertEquals("bad-request", c.awaitType("error").path("code").asText());
            c.send(c.message("join").put("room", "no spaces allowed").put("name", "x"));
            assertEquals("bad-request", c.awaitType("error").path("code").asText());
            c.send(c.message("join").put("room", "ok").put("name", ""));
            assertEquals("bad-request", c.awaitType("error").path("code").asText());
            assertEquals(0, server.signaling().roomCount(), "no room was created");

            c.join("errors", "Eve");
            c.send(c.message("offer").put("sdp", "this is not sdp"));
            JsonNode e = c.awaitType("error");
            assertTrue(e.path("message").asText().contains("invalid SDP"), e.toString());
            c.send(c.message("mute").put("kind", "smell").put("muted", true));
            assertEquals("bad-request", c.awaitType("error").path("code").asText());
            c.send(c.message("muteRemote").put("trackId", "nobody-0").put("muted", true));
            assertEquals("bad-request", c.awaitType("error").path("code").asText(), "not subscribed to it");
            c.send(c.message("join").put("room", "errors").put("name", "Eve"));
            assertEquals("bad-request", c.awaitType("error").path("code").asText(), "one join per socket");
        }
    }

    @Test
    void aParticipantThatFallsSilentIsRemovedAndTheOthersAreTold() throws Exception {
        try (ParleyClient stays = client(); ParleyClient vanishes = client()) {
            stays.join("silence", "Stays");
            stays.negotiate(Offers.offer(stays, List.of(new Offers.Line("audio", "0", "sendonly", 111, 555L))),
                    Map.of());
            assertTrue(stays.awaitConnected(Duration.ofSeconds(10)));
            vanishes.join("silence", "Vanishes");
            vanishes.negotiate(Offers.offer(vanishes, List.of(new Offers.Line("audio", "0", "sendonly", 111, 777L))),
                    Map.of());
            assertTrue(vanishes.awaitConnected(Duration.ofSeconds(10)));
            vanishes.stopMedia();
            // Stays sends no media either: its answered consent checks keep it in the room.
            JsonNode left = stays.await(n -> "participantLeft".equals(n.path("type").asText()), Duration.ofSeconds(20));
            assertEquals(vanishes.participantId(), left.path("participantId").asText());
        }
    }

    @Test
    void anAdvertisedAddressIsAnnouncedAsACandidate() throws Exception {
        // 203.0.113.0/24 is TEST-NET-3 (RFC 5737): announced only, never sent to.
        try (ParleyServer natted = TestServers.start(Map.of("parley.ice.advertised-address", "203.0.113.7"));
             ParleyClient c = clients.connect(natted)) {
            c.join("nat", "Nat");
            var answer = c.negotiate(Offers.offer(c, List.of(new Offers.Line("audio", "0", "sendonly", 111, 1L))),
                    Map.of());
            List<String> candidates = answer.media().get(0).candidates();
            assertTrue(candidates.stream().anyMatch(l -> l.contains(" 203.0.113.7 " + natted.icePort() + " ")),
                    candidates.toString());
            assertTrue(candidates.stream().anyMatch(l -> l.contains(" 127.0.0.1 ")), candidates.toString());
        }
    }

    @Test
    void servesTheDemoClientAndHealth() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + server.httpPort();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("/app.js"));
        assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(404, http.send(HttpRequest.newBuilder(URI.create(base + "/../etc/passwd")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
    }
}
