package io.parley.admin.e2e;

import static io.parley.admin.e2e.Calls.decimal;
import static io.parley.admin.e2e.Calls.framesDecoded;
import static io.parley.admin.e2e.Calls.number;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.parley.admin.ParleyServer;
import io.parley.admin.it.TestServers;
import io.parley.transport.testing.SendLoss;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Loss repair in Chromium: a lossy link on the server's way out ({@link SendLoss}) drops 5% of the
 * RTP it sends. The same two-page call runs once with the server's NACK handling and once without
 * (Chromium NACKs either way; the server then ignores it). With it, the gaps are filled, video
 * keeps decoding, and freezes less.
 */
class LossRepairBrowserIT {
    private static final double LOSS = 0.05;
    private static final int SECONDS_MEASURED = 12;

    /** What one page saw of the other's video over the measured stretch. */
    record Seen(long nacks, long retransmissions, long framesDecoded, long freezes, double freezeSeconds,
                long packetsLost, boolean keptDecoding) {
    }

    @BeforeAll
    static void loopbackOnly() throws Exception {
        Calls.assertLoopbackOnly();
    }

    @Test
    void withNackTheSubscribersRepairLossAndFreezeLessThanWithout() throws Exception {
        List<Seen> withNack = call(true);
        List<Seen> withoutNack = call(false);
        System.out.printf("5%% send loss, %d s: with NACK %s%n              without NACK %s%n",
                SECONDS_MEASURED, withNack, withoutNack);

        for (Seen s : withNack) {
            assertTrue(s.nacks() > 0, "the subscriber NACKed lost packets: " + s);
            assertTrue(s.retransmissions() > 0, "and got them on the RTX stream: " + s);
            assertTrue(s.keptDecoding(), "frames kept being decoded in every second: " + s);
        }
        for (Seen s : withoutNack) {
            assertTrue(s.retransmissions() == 0, "nothing repaired with NACK handling off: " + s);
        }
        double freezeWith = withNack.stream().mapToDouble(Seen::freezeSeconds).sum();
        double freezeWithout = withoutNack.stream().mapToDouble(Seen::freezeSeconds).sum();
        assertTrue(freezeWith < freezeWithout,
                "freezes with NACK (" + freezeWith + " s) shorter than without (" + freezeWithout + " s)");
    }

    /** A two-page call through a server that loses 5% of what it sends; returns both pages' view. */
    private static List<Seen> call(boolean nack) throws Exception {
        List<Browser> pages = new ArrayList<>();
        SendLoss loss = new SendLoss(LOSS);
        try (ParleyServer server = TestServers.start(Map.of("parley.media.nack", nack), loss)) {
            List<String> ids = Calls.joinAll(server, nack ? "nack" : "no-nack", List.of("Ann", "Ben"), pages);
            List<Map<String, Object>> before = List.of(video(pages.get(0), ids.get(1)), video(pages.get(1), ids.get(0)));
            long[] lastFrames = {framesDecoded(pages.get(0), ids.get(1)), framesDecoded(pages.get(1), ids.get(0))};
            boolean[] keptDecoding = {true, true};
            for (int second = 0; second < SECONDS_MEASURED; second++) {
                Thread.sleep(1000);
                for (int i = 0; i < 2; i++) {
                    long frames = framesDecoded(pages.get(i), ids.get(1 - i));
                    keptDecoding[i] &= frames > lastFrames[i];
                    lastFrames[i] = frames;
                }
            }
            List<Seen> seen = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Map<String, Object> end = video(pages.get(i), ids.get(1 - i));
                Map<String, Object> start = before.get(i);
                seen.add(new Seen(
                        number(end.get("nackCount")) - number(start.get("nackCount")),
                        number(end.get("retransmittedPacketsReceived")) - number(start.get("retransmittedPacketsReceived")),
                        number(end.get("framesDecoded")) - number(start.get("framesDecoded")),
                        number(end.get("freezeCount")) - number(start.get("freezeCount")),
                        decimal(end.get("totalFreezesDuration")) - decimal(start.get("totalFreezesDuration")),
                        number(end.get("packetsLost")) - number(start.get("packetsLost")),
                        keptDecoding[i]));
            }
            assertTrue(loss.dropped() > 0, "the lossy link dropped RTP");
            return seen;
        } finally {
            for (Browser b : pages) {
                b.close();
            }
        }
    }

    private static Map<String, Object> video(Browser page, String from) {
        return Calls.inbound(page, from, "video");
    }
}
