package io.parley.admin.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.NetworkInterface;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.parley.admin.ParleyServer;
import io.parley.admin.it.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three headless Chromium pages in one room through the demo client, over real UDP, ICE, DTLS and
 * SRTP on loopback: everyone decodes everyone's video and receives their audio; when one leaves,
 * the other two are told and keep receiving each other.
 */
class CallBrowserIT {
    private static ParleyServer server;

    @BeforeAll
    static void start() throws Exception {
        assertTrue(NetworkInterface.networkInterfaces().allMatch(i -> {
            try {
                return i.isLoopback() || !i.isUp();
            } catch (java.net.SocketException e) {
                return false;
            }
        }), "browser tests run in a loopback-only network namespace (.ci/netns-jdk/bin/java)");
        server = TestServers.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Opens a page per name, joins them to the room, and waits until everyone receives everyone. */
    private static List<String> joinAll(String room, List<Browser> pages) throws Exception {
        List<String> ids = new ArrayList<>();
        for (String name : List.of("Ann", "Ben", "Cat")) {
            Browser page = new Browser();
            pages.add(page);
            page.open("http://127.0.0.1:" + server.httpPort() + "/");
            page.jsAsync("const done = arguments[arguments.length - 1];"
                    + "window.parley.join(arguments[0], arguments[1]).then(() => done('ok'), e => done(String(e)));",
                    room, name);
            ids.add((String) page.js("return window.parley.participantId;"));
        }
        for (int i = 0; i < 3; i++) {
            Browser page = pages.get(i);
            List<String> others = new ArrayList<>(ids);
            others.remove(i);
            page.waitUntil(ids.get(i) + " decodes video and receives audio from " + others,
                    Duration.ofSeconds(20), () -> others.stream().allMatch(o -> receiving(page, o)));
        }
        return ids;
    }

    @Test
    void threeParticipantsSeeAndHearEachOtherAndOneLeaves() throws Exception {
        List<Browser> pages = new ArrayList<>();
        try {
            List<String> ids = joinAll("e2e", pages);

            pages.get(0).waitUntil("a dominant speaker is announced (the fake microphone beeps)",
                    Duration.ofSeconds(10), () -> (Boolean) pages.get(0).js(
                            "return window.parley.events.some(e => e.type === 'dominantSpeaker');"));

            Browser leaving = pages.get(2);
            leaving.js("window.parley.leave();");
            for (int i = 0; i < 2; i++) {
                Browser page = pages.get(i);
                page.waitUntil("participantLeft for " + ids.get(2), Duration.ofSeconds(10),
                        () -> (Boolean) page.js("return window.parley.events.some(e => e.type === 'participantLeft'"
                                + " && e.participantId === arguments[0]);", ids.get(2)));
            }
            long before = framesDecoded(pages.get(0), ids.get(1));
            long beforeOther = framesDecoded(pages.get(1), ids.get(0));
            pages.get(0).waitUntil("video keeps flowing between the two who stayed", Duration.ofSeconds(10),
                    () -> framesDecoded(pages.get(0), ids.get(1)) > before + 30
                            && framesDecoded(pages.get(1), ids.get(0)) > beforeOther + 30);
            assertEquals(2L, pages.get(0).js("return window.parley.peers().length + 1;"),
                    "the page shows itself and the one who stayed");
        } finally {
            for (Browser b : pages) {
                b.close();
            }
        }
    }

    @Test
    void mutingForMeAndCameraOffStopOnlyWhatTheyShouldAndResume() throws Exception {
        List<Browser> pages = new ArrayList<>();
        try {
            List<String> ids = joinAll("mutes", pages);
            Browser ann = pages.get(0);
            Browser ben = pages.get(1);
            Browser cat = pages.get(2);
            String benId = ids.get(1);

            ann.js("window.parley.muteRemote(arguments[0], 'audio', true);", benId);
            Thread.sleep(1000);
            long annHears = audioPackets(ann, benId);
            long catHears = audioPackets(cat, benId);
            Thread.sleep(3000);
            assertEquals(annHears, audioPackets(ann, benId), "Ann muted Ben's audio for herself");
            assertTrue(audioPackets(cat, benId) > catHears + 50, "Cat still hears Ben");

            ben.js("window.parley.mute('video', true);");
            Thread.sleep(1000);
            long annSees = framesDecoded(ann, benId);
            long catSees = framesDecoded(cat, benId);
            Thread.sleep(2000);
            assertTrue(framesDecoded(ann, benId) <= annSees + 1, "Ben's camera is off for Ann");
            assertTrue(framesDecoded(cat, benId) <= catSees + 1, "Ben's camera is off for Cat");
            assertTrue((Boolean) ann.js("return window.parley.events.some(e => e.type === 'trackMuted'"
                    + " && e.participantId === arguments[0] && e.muted);", benId), "Ann was told");

            long stalled = framesDecoded(ann, benId);
            long stalledCat = framesDecoded(cat, benId);
            long start = System.nanoTime();
            ben.js("window.parley.mute('video', false);");
            ann.waitUntil("Ben's video resumes for Ann and Cat within 3 s", Duration.ofSeconds(3),
                    () -> framesDecoded(ann, benId) > stalled + 5 && framesDecoded(cat, benId) > stalledCat + 5);
            System.out.printf("camera on -> frames decoded again after %d ms%n", (System.nanoTime() - start) / 1_000_000);
            ann.js("window.parley.muteRemote(arguments[0], 'audio', false);", benId);
            long resumed = audioPackets(ann, benId);
            ann.waitUntil("Ann hears Ben again", Duration.ofSeconds(3), () -> audioPackets(ann, benId) > resumed + 20);
        } finally {
            for (Browser b : pages) {
                b.close();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static long audioPackets(Browser page, String from) {
        Map<String, Object> audio = (Map<String, Object>) stats(page, from).getOrDefault("audio", Map.of());
        return number(audio.get("packetsReceived"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stats(Browser page, String from) {
        Object all = page.jsAsync("const done = arguments[arguments.length - 1];"
                + "window.parley.stats().then(done, e => done({}));");
        Object mine = ((Map<String, Object>) all).get(from);
        return mine == null ? Map.of() : (Map<String, Object>) mine;
    }

    @SuppressWarnings("unchecked")
    private static boolean receiving(Browser page, String from) {
        Map<String, Object> s = stats(page, from);
        Map<String, Object> video = (Map<String, Object>) s.getOrDefault("video", Map.of());
        Map<String, Object> audio = (Map<String, Object>) s.getOrDefault("audio", Map.of());
        return number(video.get("framesDecoded")) > 0 && number(video.get("frameWidth")) > 0
                && number(audio.get("packetsReceived")) > 0;
    }

    @SuppressWarnings("unchecked")
    private static long framesDecoded(Browser page, String from) {
        Map<String, Object> video = (Map<String, Object>) stats(page, from).getOrDefault("video", Map.of());
        return number(video.get("framesDecoded"));
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }
}
