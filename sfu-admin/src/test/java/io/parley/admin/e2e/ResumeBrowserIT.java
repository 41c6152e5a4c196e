package io.parley.admin.e2e;

import static io.parley.admin.e2e.Calls.audioPackets;
import static io.parley.admin.e2e.Calls.framesDecoded;
import static io.parley.admin.e2e.Calls.receiving;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.parley.admin.ParleyServer;
import io.parley.admin.it.TestServers;
import org.junit.jupiter.api.Test;

/**
 * The demo's signalling socket is cut mid-call (a reset, no close handshake, as a network change
 * does): the page comes back on a new socket and resumes its session, gets the message sent
 * while it was away, and the other page never sees it leave; media flows throughout.
 */
class ResumeBrowserIT {
    private static final Duration BACK = Duration.ofSeconds(10);

    @Test
    void aCutSocketResumesAndTheCallGoesOn() throws Exception {
        Calls.assertLoopbackOnly();
        List<Browser> pages = new ArrayList<>();
        try (ParleyServer server = TestServers.start();
             DroppingProxy proxy = new DroppingProxy(server.httpPort())) {
            Browser ann = new Browser();
            pages.add(ann);
            ann.open("http://127.0.0.1:" + proxy.port() + "/?token=" + TestServers.token(server, "resume"));
            ann.waitUntil("the demo client has loaded", Duration.ofSeconds(10),
                    () -> (Boolean) ann.js("return typeof window.parley === 'object';"));
            assertEquals("ok", ann.jsAsync("const done = arguments[arguments.length - 1];"
                    + "window.parley.join('resume', 'Ann').then(() => done('ok'), e => done(String(e)));"));
            String annId = (String) ann.js("return window.parley.participantId;");
            String benId = Calls.join(server, "resume", "Ben", "", pages);
            Browser ben = pages.get(1);
            ann.waitUntil("Ann decodes Ben", Duration.ofSeconds(20), () -> receiving(ann, benId));
            ben.waitUntil("Ben decodes Ann", Duration.ofSeconds(20), () -> receiving(ben, annId));

            long benSaw = framesDecoded(ben, annId);
            long annHeard = audioPackets(ann, benId);
            // The network stays down until Ben's camera went off, so Ann can only learn of it by replay.
            proxy.refuseNew(true);
            assertTrue(proxy.dropAll() > 0, "Ann's connections were cut");
            long cut = System.nanoTime();
            ben.js("window.parley.mute('video', true);");
            ben.waitUntil("Ben is told his own camera is off", BACK, () -> (Boolean) ben.js(
                    "return window.parley.events.some(e => e.type === 'trackMuted' && e.muted);"));
            proxy.refuseNew(false);
            ann.waitUntil("Ann's page resumed its session", BACK,
                    () -> (Boolean) ann.js("return window.parley.events.some(e => e.type === 'resumed');"));
            System.out.printf("signalling resumed %d ms after the cut%n", (System.nanoTime() - cut) / 1_000_000);
            assertEquals(Boolean.TRUE, ann.js("const ev = window.parley.events;"
                    + "const muted = ev.find(e => e.type === 'trackMuted' && e.participantId === arguments[0] && e.muted);"
                    + "const resumed = ev.find(e => e.type === 'resumed');"
                    + "return !!muted && muted.seq < resumed.seq;", benId),
                    "Ann got Ben's camera going off, sent while she was away, replayed before 'resumed'");
            ben.waitUntil("Ben keeps decoding Ann's video", BACK, () -> framesDecoded(ben, annId) > benSaw + 30);
            ann.waitUntil("Ann keeps hearing Ben", BACK, () -> audioPackets(ann, benId) > annHeard + 50);

            assertEquals(Boolean.FALSE, ben.js("return window.parley.events.some(e => e.type === 'participantLeft');"),
                    "Ben never saw Ann leave");
            assertEquals(1L, ann.js("return window.parley.peers().length;"), "Ann still shows Ben");
        } finally {
            for (Browser b : pages) {
                b.close();
            }
        }
    }
}
