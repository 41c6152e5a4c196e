package io.parley.admin.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.parley.admin.ParleyServer;
import io.parley.admin.it.TestServers;
import org.junit.jupiter.api.Test;

/**
 * WHIP in, WHEP out, in Chromium: one page publishes with a plain fetch of its SDP offer, a
 * second plays that publisher back over WHEP, and a demo-client page in the same room sees the
 * WHIP publisher like any other participant.
 */
class WhipWhepBrowserIT {
    private static final String ROOM = "whip";

    @Test
    void aWhipPublisherIsPlayedBackOverWhepAndSeenByTheRoom() throws Exception {
        Calls.assertLoopbackOnly();
        List<Browser> pages = new ArrayList<>();
        try (ParleyServer server = TestServers.start()) {
            String base = "http://127.0.0.1:" + server.httpPort();
            String token = TestServers.token(server, ROOM);
            Browser publisher = new Browser();
            pages.add(publisher);
            publisher.open(base + "/");
            String location = WhipWhepPage.publish(publisher, "/whip/" + ROOM, token);
            assertTrue(location.startsWith("/whip/" + ROOM + "/"), location);
            String publisherId = location.substring(location.lastIndexOf('/') + 1);

            Browser viewer = new Browser();
            pages.add(viewer);
            viewer.open(base + "/");
            String viewing = WhipWhepPage.play(viewer, "/whep/" + ROOM + "/" + publisherId, token);
            assertTrue(viewing.startsWith("/whep/" + ROOM + "/" + publisherId + "/"), viewing);
            WhipWhepPage.awaitMedia(viewer, "the WHEP page decodes the WHIP publisher's video and gets its audio", 1);

            Browser member = new Browser();
            pages.add(member);
            member.open(base + "/?token=" + token);
            member.jsAsync("const done = arguments[arguments.length - 1];"
                    + "window.parley.join(arguments[0], 'Member').then(() => done('ok'), e => done(String(e)));", ROOM);
            member.waitUntil("a demo-client participant receives the WHIP publisher", Duration.ofSeconds(20),
                    () -> Calls.receiving(member, publisherId));

            HttpResponse<String> deleted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(base + location)).header("Authorization", "Bearer " + token).DELETE().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, deleted.statusCode());
            member.waitUntil("the room hears that the WHIP publisher left", Duration.ofSeconds(10),
                    () -> (Boolean) member.js("return window.parley.events.some(e => e.type === 'participantLeft'"
                            + " && e.participantId === arguments[0]);", publisherId));
        } finally {
            for (Browser b : pages) {
                b.close();
            }
        }
    }
}
