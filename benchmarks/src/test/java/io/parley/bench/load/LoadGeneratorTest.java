package io.parley.bench.load;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import io.parley.admin.ParleyServer;
import io.parley.admin.auth.Grant;
import org.junit.jupiter.api.Test;

/** The smoke profile: a tiny room for a few seconds; checks that packets flowed and were counted. */
class LoadGeneratorTest {
    @Test
    void packetsFlowThroughARealServerAndAreCounted() throws Exception {
        List<String> progress = new ArrayList<>();
        LoadGenerator.Result r = LoadGenerator.run(new LoadSettings(1, 3, 2, 200, 0, 0, null, false), progress::add);
        assertTrue(r.forwardedPackets() > 0, "the server forwarded packets: " + r);
        assertTrue(r.receivedPackets() > 0, "clients received packets: " + r);
        assertTrue(r.p50Micros() > 0, "latency was measured: " + r);
        // Each subscriber gets the top video layer beside the audio: with video left out (as
        // when the generator's keyframes never reached the layer subscribers get) loss was 53 %.
        assertTrue(r.lossPercent() < 2, "audio and video arrive: " + r);
        assertTrue(r.forwardedMbps() > 3 * 2 * 0.2 * 0.9, "each of three gets two 200 kbit/s videos: " + r);
        assertTrue(progress.size() == 2, "one progress line per second: " + progress);
    }

    @Test
    void aSeparateServerIsMeasuredThroughItsMetrics() throws Exception {
        try (ParleyServer server = InProcessServer.start()) {
            LoadGenerator.Result r = LoadGenerator.run(new LoadSettings(1, 3, 2, 200, server.httpPort(), 0,
                    server.tokens().issue(Grant.everything("load", server.tokens().now())), false),
                    line -> { });
            assertTrue(r.forwardedPackets() > 0, "forwarded packets read from /metrics: " + r);
            assertTrue(r.serverCpuSecondsPerMillion() > 0, "process CPU read from /metrics: " + r);
            assertTrue(r.heapIsServerOnly());
        }
    }

    @Test
    void theBaselineRelayMovesTheSameTraffic() throws Exception {
        UdpRelayBaseline.Result b = UdpRelayBaseline.run(new LoadSettings(1, 3, 1, 200, 0, 0, null, true));
        assertTrue(b.forwardedPackets() > 0, "relay forwarded packets: " + b);
    }
}
