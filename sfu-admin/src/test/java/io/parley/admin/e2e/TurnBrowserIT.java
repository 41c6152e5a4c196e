package io.parley.admin.e2e;

import static io.parley.admin.e2e.Calls.receiving;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.parley.admin.ParleyServer;
import io.parley.admin.it.TestServers;
import io.parley.admin.it.UdpBlock;
import org.junit.jupiter.api.Test;

/**
 * A call through a real TURN server (Debian's coturn) when the browsers' UDP is blocked: the
 * server hands each page TURN REST credentials in {@code joined}, and both pages reach Parley by
 * TURN over TCP. One page allows only relayed candidates ({@code iceTransportPolicy: 'relay'});
 * the other tries its direct UDP first, which an nftables rule drops, and falls back to the relay.
 */
class TurnBrowserIT {
    private static final String SECRET = "coturn-shared-secret-for-the-test";
    private static final Duration CONNECT = Duration.ofSeconds(30);

    @Test
    void withUdpBlockedBothPagesCallThroughTurnOverTcp() throws Exception {
        Calls.assertLoopbackOnly();
        List<Browser> pages = new ArrayList<>();
        try (Coturn coturn = Coturn.start(SECRET);
             ParleyServer server = TestServers.start(Map.of("parley.turn.urls", List.of(coturn.tcpUrl()),
                     "parley.turn.secret", SECRET));
             UdpBlock block = UdpBlock.from("127.0.0.1", server.icePort(), coturn.port())) {
            String ann = Calls.join(server, "turn", "Ann", "&relay=1", pages);
            String ben = Calls.join(server, "turn", "Ben", "", pages);
            Browser annPage = pages.get(0);
            Browser benPage = pages.get(1);

            Map<?, ?> joined = (Map<?, ?>) annPage.js(
                    "return window.parley.events.find(e => e.type === 'joined');");
            Map<?, ?> ice = (Map<?, ?>) ((List<?>) joined.get("iceServers")).get(0);
            assertEquals(List.of(coturn.tcpUrl()), ice.get("urls"));
            assertTrue(String.valueOf(ice.get("username")).matches("\\d{10}:" + ann),
                    "TURN REST username <expiry>:<participant id>: " + ice.get("username"));

            try {
                annPage.waitUntil("Ann decodes Ben's video and hears him", CONNECT, () -> receiving(annPage, ben));
                benPage.waitUntil("Ben decodes Ann's video and hears her", CONNECT, () -> receiving(benPage, ann));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\ncoturn said:\n" + coturn.log(), e);
            }
            for (Browser page : pages) {
                Map<?, ?> path = (Map<?, ?>) page.jsAsync("const done = arguments[arguments.length - 1];"
                        + "window.parley.path().then(done, e => done({}));");
                assertEquals("relay", path.get("localType"), "the selected pair is relayed: " + path);
                assertEquals("tcp", path.get("relayProtocol"), "over TCP to the TURN server: " + path);
            }
            assertTrue(block.dropped() > 0, "Ben's direct UDP really was dropped: his checks went nowhere");
        } finally {
            for (Browser b : pages) {
                b.close();
            }
        }
    }
}
