package io.parley.admin.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.Map;

/**
 * A page that publishes or plays over WHIP/WHEP with nothing but RTCPeerConnection and fetch,
 * as a site embedding Parley without its demo client would.
 */
final class WhipWhepPage {
    /**
     * Offers what {@code pc} has to the WHIP or WHEP URL (arguments[0], with the token in
     * arguments[1]), applies the answer and resolves the page's callback with the Location of
     * the resource; the peer connection stays in {@code window.session}.
     */
    private static final String EXCHANGE = """
            const done = arguments[arguments.length - 1];
            const [url, token] = arguments;
            const exchange = async (pc) => {
              await pc.setLocalDescription(await pc.createOffer());
              const r = await fetch(url, { method: 'POST', body: pc.localDescription.sdp,
                headers: { 'Content-Type': 'application/sdp', 'Authorization': 'Bearer ' + token } });
              if (r.status !== 201) throw new Error(url + ' answered ' + r.status + ': ' + await r.text());
              const location = r.headers.get('Location');
              await pc.setRemoteDescription({ type: 'answer', sdp: await r.text() });
              window.session = { pc, location };
              return location;
            };
            """;

    /** Publishes camera and microphone over WHIP. */
    private static final String PUBLISH = EXCHANGE + """
            (async () => {
              const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
              const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
              for (const t of stream.getTracks()) pc.addTransceiver(t, { direction: 'sendonly' });
              return exchange(pc);
            })().then(done, (e) => done('error: ' + e));
            """;

    /** Receives audio and video over WHEP. */
    private static final String PLAY = EXCHANGE + """
            (async () => {
              const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
              pc.addTransceiver('audio', { direction: 'recvonly' });
              pc.addTransceiver('video', { direction: 'recvonly' });
              return exchange(pc);
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

    private WhipWhepPage() {
    }

    /** Publishes the fake camera and microphone; returns the Location of the WHIP resource. */
    static String publish(Browser page, String path, String token) {
        return started((String) page.jsAsync(PUBLISH, path, token));
    }

    /** Plays a publisher's audio and video; returns the Location of the WHEP resource. */
    static String play(Browser page, String path, String token) {
        return started((String) page.jsAsync(PLAY, path, token));
    }

    /** Waits until the playing page decodes frames at least {@code minWidth} wide and receives audio. */
    static void awaitMedia(Browser page, String what, long minWidth) throws InterruptedException {
        page.waitUntil(what, Duration.ofSeconds(20), () -> {
            Map<String, Object> s = stats(page);
            return Calls.number(s.get("framesDecoded")) > 0 && Calls.number(s.get("frameWidth")) >= minWidth
                    && Calls.number(s.get("audioPackets")) > 0;
        });
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> stats(Browser page) {
        return (Map<String, Object>) page.jsAsync(STATS);
    }

    private static String started(String location) {
        assertFalse(location.startsWith("error"), location);
        return location;
    }
}
