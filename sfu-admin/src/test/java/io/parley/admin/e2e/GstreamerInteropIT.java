package io.parley.admin.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.admin.ParleyServer;
import io.parley.admin.it.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A WebRTC stack that shares nothing with Chromium's on one side, Chromium on the other:
 * GStreamer's webrtcbin (libnice ICE, OpenSSL DTLS, libsrtp) publishes over WHIP and Chromium
 * plays it over WHEP, with either bundle policy a native app may use; and Chromium publishes
 * while webrtcbin plays.
 */
class GstreamerInteropIT {
    private static final String ROOM = "interop";

    @ParameterizedTest
    @ValueSource(strings = {"max-bundle", "max-compat"})
    void gstreamerPublishesOverWhipAndChromiumDecodesIt(String bundlePolicy) throws Exception {
        Calls.assertLoopbackOnly();
        try (ParleyServer server = TestServers.start();
             Gstreamer publisher = Gstreamer.whip(base(server) + "/whip/" + ROOM,
                     TestServers.token(server, ROOM), bundlePolicy, Duration.ofSeconds(60));
             Browser viewer = new Browser()) {
            String location = publisher.awaitAnswered();
            assertTrue(location.startsWith("/whip/" + ROOM + "/"), location);
            publisher.await(e -> "ice".equals(e.path("event").asText())
                    && e.path("state").asText().matches("connected|completed"), Duration.ofSeconds(20));
            String publisherId = location.substring(location.lastIndexOf('/') + 1);

            viewer.open(base(server) + "/");
            WhipWhepPage.play(viewer, "/whep/" + ROOM + "/" + publisherId, TestServers.token(server, ROOM));
            WhipWhepPage.awaitMedia(viewer, "Chromium decodes GStreamer's " + bundlePolicy + " VP8 and gets its Opus",
                    320);
            Map<String, Object> s = WhipWhepPage.stats(viewer);
            assertEquals(320L, Calls.number(s.get("frameWidth")), "the test picture's width: " + s);
        }
    }

    @Test
    void chromiumPublishesOverWhipAndGstreamerDecodesIt() throws Exception {
        Calls.assertLoopbackOnly();
        try (ParleyServer server = TestServers.start(); Browser publisher = new Browser()) {
            publisher.open(base(server) + "/");
            String location = WhipWhepPage.publish(publisher, "/whip/" + ROOM, TestServers.token(server, ROOM));
            String publisherId = location.substring(location.lastIndexOf('/') + 1);
            try (Gstreamer player = Gstreamer.whep(base(server) + "/whep/" + ROOM + "/" + publisherId,
                    TestServers.token(server, ROOM), "max-bundle", Duration.ofSeconds(60))) {
                player.awaitAnswered();
                JsonNode decoding = player.awaitDecoding(30, Duration.ofSeconds(30));
                assertTrue(decoding.path("frameWidth").asInt() > 0, decoding.toString());
            }
        }
    }

    private static String base(ParleyServer server) {
        return "http://127.0.0.1:" + server.httpPort();
    }
}
