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
import java.util.Map;

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

    /** Publishes camera and microphone over WHIP; resolves with the Location of the resource. */
    private static final String PUBLISH = """
            const done = arguments[arguments.length - 1];
            (async () => {
              const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
              const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
              for (const t of stream.getTracks()) pc.addTransceiver(t, { direction: 'sendonly' });
              await pc.setLocalDescription(await pc.createOffer());
              const r = await fetch(arguments[0], { method: 'POST', body: pc.localDescription.sdp,
                headers: { 'Content-Type': 'application/sdp', 'Authorization': 'Bearer ' + arguments[1] } });
              if (r.status !== 201) throw new Error('WHIP answered ' + r.status + ': ' + await r.text());
              const location = r.headers.get('Location');
              await pc.setRemoteDescription({ type: 'answer', sdp: await r.text() });
              window.session = { pc, location };
              return location;
            })().then(done, (e) => done('error: ' + e));
            """;

    /** Receives audio and video over WHEP. */
    private static final String PLAY = """
            const done = arguments[arguments.length - 1];
            (async () => {
              const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
              pc.addTransceiver('audio', { direction: 'recvonly' });
              pc.addTransceiver('video', { direction: 'recvonly' });
              await pc.setLocalDescription(await pc.createOffer());
              const r = await fetch(arguments[0], { method: 'POST', body: pc.localDescription.sdp,
                headers: { 'Content-Type': 'application/sdp', 'Authorization': 'Bearer ' + arguments[1] } });
              if (r.status !== 201) throw new Error('WHEP answered ' + r.status + ': ' + await r.text());
              const location = r.headers.get('Location');
              await pc.setRemoteDescription({ type: 'answer', sdp: await r.text() });
              window.session = { pc, location };
              return location;
            })().then(done, (e) => done('error: ' + e));
            """;

    private static final String STATS = """
            const done = arguments[arguments.length - 1];
            window.session.pc.getStats().then((report) => {
              const out = {};
              report.forEach((s) => { if (s.type === 'inbound-rtp') out[s.kind] = s; });
              done({ framesDecoded: out.video ? out.video.framesDecoded || 0 : 0,
                     frameWidth: out.video ? out.video.frameWidth || 0 : 0,
                     audioPackets: out.audio ? out.audio.packetsReceived || 0 : 0 });
            }, () => done({}));
            """;

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
            String location = (String) publisher.jsAsync(PUBLISH, "/whip/" + ROOM, token);
            assertTrue(location.startsWith("/whip/" + ROOM + "/"), location);
            String publisherId = location.substring(location.lastIndexOf('/') + 1);

            Browser viewer = new Browser();
            pages.add(viewer);
            viewer.open(base + "/");
            String viewing = (String) viewer.jsAsync(PLAY, "/whep/" + ROOM + "/" + publisherId, token);
            assertTrue(viewing.startsWith("/whep/" + ROOM + "/" + publisherId + "/"), viewing);
            viewer.waitUntil("the WHEP page decodes the WHIP publisher's video and gets its audio",
                    Duration.ofSeconds(20), () -> {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> s = (Map<String, Object>) viewer.jsAsync(STATS);
                        return Calls.number(s.get("framesDecoded")) > 0 && Calls.number(s.get("frameWidth")) > 0
                                && Calls.number(s.get("audioPackets")) > 0;
                    });

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
