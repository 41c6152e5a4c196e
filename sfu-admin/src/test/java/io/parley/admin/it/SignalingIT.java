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
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.parley.admin.ParleyServer;
import io.parley.admin.client.Offers;
import io.parley.admin.client.ParleyClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bad input at the signalling door gets a clear error; a subscriber's layer preference is honoured;
 * vanished participants are removed.
 */
class SignalingIT {
    /** Simulcast layers, lowest first: SSRC and picture height. */
    private static final long[] LAYER_SSRCS = {31L, 32L, 33L};
    private static final int[] LAYER_HEIGHTS = {180, 360, 720};
    @RegisterExtension
    static final SharedServer SHARED = new SharedServer(Map.of("parley.session.silence-timeout", "8s"));
    private int frame;

    private ParleyClient client() throws Exception {
        return SHARED.connect();
    }

    @Test
    void malformedMessagesGetErrorsAndNothingIsCreated() throws Exception {
        try (ParleyClient c = client()) {
            c.send(c.message("offer").put("sdp", "v=0"));
            assertEquals("not-joined", c.awaitType("error").path("code").asText());
            c.send(c.message("mute").put("kind", "audio").put("muted", true));
            assertEquals("not-joined", c.awaitType("error").path("code").asText());
            c.send(c.message("preferredLayer").put("trackId", "nobody-0").put("spatial", 0));
            assertEquals("not-joined", c.awaitType("error").path("code").asText());
            c.send(c.message("dance"));
            assertEquals("bad-request", c.awaitType("error").path("code").asText());
            c.send(c.message("join").put("room", "no spaces allowed").put("name", "x"));
            assertEquals("bad-request", c.awaitType("error").path("code").asText());
            c.send(c.message("join").put("room", "ok").put("name", ""));
            assertEquals("bad-request", c.awaitType("error").path("code").asText());
            for (String shown : new String[] {"Eve\r\n\"joined\"", "Eve\u202Egnp.exe", "tab\tname"}) {
                c.send(c.message("join").put("room", "ok").put("name", shown));
                assertEquals("bad-request", c.awaitType("error").path("code").asText(), "a name others see: " + shown);
            }
            c.send(c.message("x".repeat(5000)));
            assertTrue(c.awaitType("error").path("message").asText().length() < 200, "an unknown type is not echoed whole");
            assertEquals(0, SHARED.server().signaling().roomCount(), "no room was created");

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
    void aPreferredLayerCapsTheSimulcastLayerAndBadOnesAreRefused() throws Exception {
        try (ParleyClient alice = client(); ParleyClient bob = client()) {
            alice.join("layers", "Alice");
            alice.negotiate(Offers.offer(alice, List.of(new Offers.Line("video", "0", "sendonly", 96,
                    List.of(LAYER_SSRCS[0], LAYER_SSRCS[1], LAYER_SSRCS[2])))), Map.of());
            assertTrue(alice.awaitConnected(Duration.ofSeconds(10)));
            String video = alice.participantId() + "-0";
            bob.join("layers", "Bob");
            bob.negotiate(Offers.offer(bob, List.of(new Offers.Line("video", "0", "recvonly", 96, 0))),
                    Map.of("0", video));
            assertTrue(bob.awaitConnected(Duration.ofSeconds(10)));
            AtomicInteger received = new AtomicInteger();
            bob.onRtp(packet -> {
                byte[] copy = new byte[packet.readableBytes()];
                packet.getBytes(packet.readerIndex(), copy);
                received.set(keyframeHeight(RelayIT.payload(copy)));
            });

            awaitHeight(alice, received, 720, "with no preference, the highest layer");
            bob.send(bob.message("preferredLayer").put("trackId", video).put("spatial", 0).put("temporal", -1));
            awaitHeight(alice, received, 180, "spatial 0: the lowest layer");
            bob.send(bob.message("preferredLayer").put("trackId", video).put("spatial", 1).put("temporal", 0));
            awaitHeight(alice, received, 360, "spatial 1: the middle layer");
            bob.send(bob.message("preferredLayer").put("trackId", video));
            awaitHeight(alice, received, 720, "no spatial: no limit again");

            List<ObjectNode> bad = List.of(
                    bob.message("preferredLayer").put("trackId", video).put("spatial", "1"),
                    bob.message("preferredLayer").put("trackId", video).put("spatial", 1.5),
                    bob.message("preferredLayer").put("trackId", video).put("spatial", -2),
                    bob.message("preferredLayer").put("trackId", video).put("temporal", 16),
                    bob.message("preferredLayer").put("spatial", 0));
            for (ObjectNode m : bad) {
                bob.send(m);
                JsonNode e = bob.awaitType("error");
                assertEquals("bad-request", e.path("code").asText(), m.toString());
                assertTrue(e.path("message").asText().contains("preferredLayer needs trackId"), e.toString());
            }
            for (ObjectNode m : List.of(bob.message("pin").put("trackId", video).put("pinned", "yes"),
                    bob.message("pin").put("pinned", true))) {
                bob.send(m);
                JsonNode refused = bob.awaitType("error");
                assertEquals("bad-request", refused.path("code").asText(), m.toString());
                assertTrue(refused.path("message").asText().contains("pin needs trackId"), refused.toString());
            }
            bob.send(bob.message("pin").put("trackId", video).put("pinned", true));
            bob.send(bob.message("preferredLayer").put("trackId", "nobody-0").put("spatial", 0));
            JsonNode e = bob.awaitType("error");
            assertEquals("bad-request", e.path("code").asText());
            assertTrue(e.path("message").asText().contains("not subscribed to nobody-0"), e.toString());

            bob.send(bob.message("preferredLayer").put("trackId", video).put("spatial", 0));
            awaitHeight(alice, received, 180, "the session still takes preferences after refused ones");
        }
    }

    /** Alice sends keyframes on every layer until Bob receives one {@code height} pixels tall. */
    private void awaitHeight(ParleyClient alice, AtomicInteger received, int height, String what)
            throws InterruptedException {
        for (int i = 0; i < 250 && received.get() != height; i++) {
            frame++;
            for (int layer = 0; layer < LAYER_SSRCS.length; layer++) {
                alice.sendRtp(Unpooled.buffer().writeBytes(RelayIT.rtp(96, frame, 3000L * frame, LAYER_SSRCS[layer],
                        vp8Keyframe(frame, LAYER_HEIGHTS[layer] * 16 / 9, LAYER_HEIGHTS[layer]))));
            }
            Thread.sleep(20);
        }
        assertEquals(height, received.get(), what);
    }

    /** A one-packet VP8 keyframe (RFC 7741 §4.2 descriptor, RFC 6386 §9.1 frame header). */
    private static byte[] vp8Keyframe(int pictureId, int width, int height) {
        return new byte[] {(byte) 0x90, (byte) 0x80, (byte) (pictureId & 0x7F), 0x10, 0x02, 0x00,
                (byte) 0x9d, 0x01, 0x2a, (byte) width, (byte) (width >> 8), (byte) height, (byte) (height >> 8)};
    }

    /** The height a VP8 keyframe payload announces, or 0 for anything else. */
    private static int keyframeHeight(byte[] payload) {
        for (int i = 0; i + 6 < payload.length; i++) {
            if (payload[i] == (byte) 0x9d && payload[i + 1] == 0x01 && payload[i + 2] == 0x2a) {
                return (payload[i + 5] & 0xFF | (payload[i + 6] & 0x3F) << 8);
            }
        }
        return 0;
    }

    /**
     * Offers in a loop must not grow a participant without bound: a track whose m-line a later
     * offer drops is unpublished (the others are told), and a track with more simulcast SSRCs
     * than any client sends is refused instead of getting a packet cache per SSRC.
     */
    @Test
    void aTrackWhoseMlineIsDroppedIsUnpublishedAndLayersAreCapped() throws Exception {
        try (ParleyClient alice = client(); ParleyClient bob = client()) {
            bob.join("drops", "Bob");
            alice.join("drops", "Alice");
            alice.negotiate(Offers.offer(alice, List.of(new Offers.Line("audio", "0", "sendonly", 111, 11L),
                    new Offers.Line("video", "1", "sendonly", 96, 12L))), Map.of());
            String video = alice.participantId() + "-1";
            bob.await(n -> "trackPublished".equals(n.path("type").asText())
                    && video.equals(n.path("track").path("id").asText(n.path("trackId").asText())), Duration.ofSeconds(10));
            alice.negotiate(Offers.offer(alice, List.of(new Offers.Line("audio", "0", "sendonly", 111, 11L))), Map.of());
            JsonNode gone = bob.await(n -> "trackUnpublished".equals(n.path("type").asText()), Duration.ofSeconds(10));
            assertEquals(video, gone.path("trackId").asText());

            alice.negotiate(Offers.offer(alice, List.of(new Offers.Line("audio", "0", "sendonly", 111, 11L),
                    new Offers.Line("video", "2", "sendonly", 96, List.of(21L, 22L, 23L, 24L, 25L)))), Map.of());
            JsonNode refused = alice.awaitType("error");
            assertTrue(refused.path("message").asText().contains("simulcast layers"), refused.toString());
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
             ParleyClient c = SHARED.clients().connect(natted)) {
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
        String base = "http://127.0.0.1:" + SHARED.server().httpPort();
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
