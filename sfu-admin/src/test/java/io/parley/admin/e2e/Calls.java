package io.parley.admin.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.parley.admin.ParleyServer;
import io.parley.admin.it.TestServers;

/** Browser-test steps shared by the call tests: joining pages into a room and reading getStats. */
final class Calls {
    private Calls() {
    }

    /** Chromium would also use any other interface up; CI runs these tests in their own namespace. */
    static void assertLoopbackOnly() throws SocketException {
        assertTrue(NetworkInterface.networkInterfaces().allMatch(i -> {
            try {
                return i.isLoopback() || !i.isUp();
            } catch (SocketException e) {
                return false;
            }
        }), "browser tests run in a loopback-only network namespace (.ci/netns-jdk/bin/java)");
    }

    /**
     * Opens a page per name (added to {@code pages} so the caller closes them), joins them to the
     * room, and waits until everyone decodes everyone. Returns the participant ids in order.
     */
    static List<String> joinAll(ParleyServer server, String room, List<String> names, List<Browser> pages)
            throws Exception {
        List<String> ids = new ArrayList<>();
        for (String name : names) {
            ids.add(join(server, room, name, "", pages));
        }
        for (int i = 0; i < ids.size(); i++) {
            Browser page = pages.get(pages.size() - ids.size() + i);
            List<String> others = new ArrayList<>(ids);
            others.remove(i);
            page.waitUntil(ids.get(i) + " decodes video and receives audio from " + others,
                    Duration.ofSeconds(20), () -> others.stream().allMatch(o -> receiving(page, o)));
        }
        return ids;
    }

    /**
     * Opens the demo client with a token for the room (and {@code extraQuery}, e.g.
     * {@code &width=1280&height=720}), joins, adds the page to {@code pages}; returns the id.
     */
    static String join(ParleyServer server, String room, String name, String extraQuery, List<Browser> pages)
            throws Exception {
        Browser page = new Browser();
        pages.add(page);
        page.open("http://127.0.0.1:" + server.httpPort() + "/?token=" + TestServers.token(server, room) + extraQuery);
        page.waitUntil("the demo client has loaded", Duration.ofSeconds(10),
                () -> (Boolean) page.js("return typeof window.parley === 'object';"));
        page.jsAsync("const done = arguments[arguments.length - 1];"
                + "window.parley.join(arguments[0], arguments[1]).then(() => done('ok'), e => done(String(e)));",
                room, name);
        return (String) page.js("return window.parley.participantId;");
    }

    /** The page's inbound-rtp figures for one sender's media kind (see app.js stats()). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> inbound(Browser page, String from, String kind) {
        Object all = page.jsAsync("const done = arguments[arguments.length - 1];"
                + "window.parley.stats().then(done, e => done({}));");
        Object mine = ((Map<String, Object>) all).get(from);
        if (mine == null) {
            return Map.of();
        }
        return (Map<String, Object>) ((Map<String, Object>) mine).getOrDefault(kind, Map.of());
    }

    static long audioPackets(Browser page, String from) {
        return number(inbound(page, from, "audio").get("packetsReceived"));
    }

    static long framesDecoded(Browser page, String from) {
        return number(inbound(page, from, "video").get("framesDecoded"));
    }

    static boolean receiving(Browser page, String from) {
        Map<String, Object> video = inbound(page, from, "video");
        return number(video.get("framesDecoded")) > 0 && number(video.get("frameWidth")) > 0
                && audioPackets(page, from) > 0;
    }

    static long number(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }

    static double decimal(Object o) {
        return o instanceof Number n ? n.doubleValue() : 0;
    }
}
