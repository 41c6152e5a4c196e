package io.parley.admin.e2e;

import static io.parley.admin.e2e.Calls.audioPackets;
import static io.parley.admin.e2e.Calls.framesDecoded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.parley.admin.ParleyServer;
import io.parley.admin.it.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three headless Chromium pages in one room through the demo client, over real UDP, ICE, DTLS and
 * SRTP on loopback: everyone decodes everyone's video, shows its resolution and receives their
 * audio; a tile's quality choice gets its low layer; when one leaves, the other two are told and
 * keep receiving each other.
 */
class CallBrowserIT {
    private static final List<String> NAMES = List.of("Ann", "Ben", "Cat");
    private static ParleyServer server;

    @BeforeAll
    static void start() throws Exception {
        Calls.assertLoopbackOnly();
        server = TestServers.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void threeParticipantsSeeAndHearEachOtherAndOneLeaves() throws Exception {
        List<Browser> pages = new ArrayList<>();
        try {
            List<String> ids = Calls.joinAll(server, "e2e", NAMES, pages);
            Browser ann = pages.get(0);
            String benId = ids.get(1);
            ann.waitUntil("Ben's tile shows the resolution and frame rate it receives", Duration.ofSeconds(5),
                    () -> shownResolution(ann, benId).matches("\\d+×\\d+ · \\d+ fps"));
            // Ben publishes 640×360 in three layers; Low is the quarter-size one, 90 pixels tall.
            ann.js("window.parley.setQuality(arguments[0], 0);", benId);
            ann.waitUntil("Ben's tile shows at most 90 pixels tall once Ann chose Low", Duration.ofSeconds(5),
                    () -> shownHeight(ann, benId) > 0 && shownHeight(ann, benId) <= 90);
            ann.js("window.parley.setQuality(arguments[0], -1);", benId);

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

    private static String shownResolution(Browser page, String from) {
        return (String) page.js("return window.parley.shownResolution(arguments[0]);", from);
    }

    /** The height in the tile's resolution text, 0 while it shows none. */
    private static int shownHeight(Browser page, String from) {
        Matcher m = Pattern.compile("\\d+×(\\d+) ").matcher(shownResolution(page, from));
        return m.lookingAt() ? Integer.parseInt(m.group(1)) : 0;
    }

    @Test
    void mutingForMeAndCameraOffStopOnlyWhatTheyShouldAndResume() throws Exception {
        List<Browser> pages = new ArrayList<>();
        try {
            List<String> ids = Calls.joinAll(server, "mutes", NAMES, pages);
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
            assertEquals(Boolean.TRUE, ann.js("return document.querySelector('.tile[data-id=\"' + arguments[0]"
                    + " + '\"]').classList.contains('no-video');", benId),
                    "Ann's tile for Ben shows his initial, not his last frame");
            System.out.println("Ben's camera off as Ann sees it: " + ann.screenshot("camera-off"));
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

            // An operator mutes Ben's microphone through the admin API: nobody hears him, and he is told.
            HttpResponse<String> muted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + server.httpPort() + "/admin/v1/rooms/mutes/participants/" + benId + "/mute"))
                    .header("Authorization", "Bearer " + TestServers.token(server, "*"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"audio\",\"muted\":true}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, muted.statusCode(), muted.body());
            Thread.sleep(1000);
            long catHearsBen = audioPackets(cat, benId);
            Thread.sleep(2000);
            assertEquals(catHearsBen, audioPackets(cat, benId), "the operator's mute stopped Ben's audio for Cat");
            assertTrue((Boolean) ben.js("return window.parley.events.some(e => e.type === 'trackMuted'"
                    + " && e.byOperator && e.muted);"), "Ben was told");
        } finally {
            for (Browser b : pages) {
                b.close();
            }
        }
    }

    @Test
    void anAudioOnlyCallHasNoVideoLineAnywhereAndShowsWhoIsThere() throws Exception {
        List<Browser> pages = new ArrayList<>();
        try {
            String annId = Calls.join(server, "audio-only", "Ann", "&video=0", pages);
            String benId = Calls.join(server, "audio-only", "Ben", "&video=0", pages);
            Browser ann = pages.get(0);
            Browser ben = pages.get(1);
            ann.waitUntil("Ann hears Ben", Duration.ofSeconds(20), () -> audioPackets(ann, benId) > 50);
            ben.waitUntil("Ben hears Ann", Duration.ofSeconds(20), () -> audioPackets(ben, annId) > 50);
            for (Browser page : pages) {
                Map<?, ?> sdp = (Map<?, ?>) page.js("return window.parley.sdp();");
                assertFalse(String.valueOf(sdp.get("local")).contains("m=video"), "no video m-line offered");
                assertFalse(String.valueOf(sdp.get("remote")).contains("m=video"), "none answered");
            }
            assertEquals("B", ann.js("const t = document.querySelector('.tile[data-id=\"' + arguments[0] + '\"]');"
                    + "return t.classList.contains('no-video') ? t.querySelector('.placeholder').textContent : '';",
                    benId), "Ben's tile shows who he is, not an empty video");
            System.out.println("the audio call as Ann sees it: " + ann.screenshot("audio-only-call"));
        } finally {
            for (Browser b : pages) {
                b.close();
            }
        }
    }
}
