package io.parley.admin.e2e;

import static io.parley.admin.e2e.Calls.inbound;
import static io.parley.admin.e2e.Calls.number;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.parley.admin.ParleyServer;
import io.parley.admin.it.TestServers;
import org.junit.jupiter.api.Test;

/**
 * Simulcast in Chromium: a publisher sends 1280x720 as three layers (scaled down by 4, 2 and 1);
 * a subscriber showing it in a small tile gets the smallest layer, one showing it large gets the
 * full one.
 */
class SimulcastBrowserIT {
    @Test
    void eachSubscriberGetsTheLayerThatFitsItsTile() throws Exception {
        Calls.assertLoopbackOnly();
        List<Browser> pages = new ArrayList<>();
        try (ParleyServer server = TestServers.start()) {
            String publisher = Calls.join(server, "layers", "Pub", "&width=1280&height=720", pages);
            Calls.join(server, "layers", "Small", "&simulcast=0", pages);
            Calls.join(server, "layers", "Large", "&simulcast=0", pages);
            Browser small = pages.get(1);
            Browser large = pages.get(2);
            for (Browser page : List.of(small, large)) {
                page.waitUntil("the publisher's video is decoded", Duration.ofSeconds(20),
                        () -> Calls.receiving(page, publisher));
            }
            small.js("window.parley.setViewSize(arguments[0], 180);", publisher);
            large.js("window.parley.setViewSize(arguments[0], 720);", publisher);
            long start = System.nanoTime();
            small.waitUntil("the small tile gets the 320-wide layer", Duration.ofSeconds(20),
                    () -> width(small, publisher) > 0 && width(small, publisher) <= 320);
            large.waitUntil("the large tile gets the 1280-wide layer", Duration.ofSeconds(20),
                    () -> width(large, publisher) == 1280);
            System.out.printf("layers settled %d ms after the view sizes were set (small %d px, large %d px wide)%n",
                    (System.nanoTime() - start) / 1_000_000, width(small, publisher), width(large, publisher));
            long decoded = Calls.framesDecoded(small, publisher);
            small.waitUntil("and keeps decoding", Duration.ofSeconds(5),
                    () -> Calls.framesDecoded(small, publisher) > decoded + 20);
        } finally {
            for (Browser b : pages) {
                b.close();
            }
        }
    }

    private static long width(Browser page, String from) {
        return number(inbound(page, from, "video").get("frameWidth"));
    }
}
