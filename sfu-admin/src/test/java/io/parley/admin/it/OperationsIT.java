package io.parley.admin.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.Unpooled;
import io.parley.admin.ParleyServer;
import io.parley.admin.client.ParleyClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What operators use, through a real HTTP client: Prometheus metrics that parse and move with a
 * call, health and readiness, and the drain a SIGTERM starts.
 */
class OperationsIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static ClientFactory clients;

    @BeforeAll
    static void start() {
        clients = new ClientFactory();
    }

    @AfterAll
    static void stop() throws Exception {
        clients.close();
    }

    @Test
    void metricsOnTheirOwnPortParseAsPrometheusTextAndMoveWithACall() throws Exception {
        try (ParleyServer server = TestServers.start(Map.of("parley.metrics.port", 0))) {
            assertEquals(404, get(server.httpPort(), "/metrics").statusCode(), "not on the public port");
            HttpResponse<String> first = get(server.metricsPort(), "/metrics");
            assertEquals(200, first.statusCode());
            assertTrue(first.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"));
            PrometheusText before = PrometheusText.parse(first.body());
            assertEquals(0, before.value("parley_participants"));
            assertTrue(before.sum("jvm_memory_used_bytes", "area", "heap") > 0, "JVM metrics too");

            try (ParleyClient alice = clients.connect(server);
                 ParleyClient bob = clients.connect(server)) {
                PublishedCall.start(alice, bob, "metrics");
                for (int i = 0; i < 50; i++) {
                    alice.sendRtp(Unpooled.buffer().writeBytes(RelayIT.rtp(111, i, 960L * i,
                            PublishedCall.AUDIO_SSRC, new byte[100])));
                }
                PrometheusText during = waitFor(server, m -> m.value("parley_media_packets_total",
                        "direction", "out", "kind", "audio") >= 50);
                assertEquals(2, during.value("parley_participants"));
                assertEquals(1, during.value("parley_rooms"));
                assertEquals(2, during.value("parley_tracks"));
                assertTrue(during.value("parley_media_packets_total", "direction", "in", "kind", "audio") >= 50);
                assertTrue(during.value("parley_media_bytes_total", "direction", "in", "kind", "audio") >= 50 * 112);
                assertTrue(during.value("parley_forwarding_latency_seconds_count") >= 50, "a latency sample each");
                assertTrue(during.value("parley_forwarding_latency_seconds_bucket", "le", "+Inf") >= 50);
                assertTrue(during.value("parley_keyframe_requests_total") >= 1, "bob's subscription asked for one");
                assertEquals("counter", during.familyType("parley_nacks_received_total"));
                assertEquals("histogram", during.familyType("parley_forwarding_latency_seconds_bucket"));
                String exposition = get(server.metricsPort(), "/metrics").body();
                assertPromtoolIsSilent(exposition);
                assertTrue(PrometheusText.parse(exposition).value("process_cpu_seconds_total") > 0,
                        "the standard process CPU counter");
                for (PrometheusText.Sample s : during.samples) {
                    if (s.name().startsWith("parley_") && "counter".equals(during.familyType(s.name()))) {
                        assertTrue(s.name().endsWith("_total"), "counter names end in _total: " + s.name());
                    }
                }
            }
            PrometheusText after = waitFor(server, m -> m.value("parley_participants") == 0);
            assertTrue(after.value("parley_media_packets_total", "direction", "in", "kind", "audio") >= 50,
                    "counters outlive the room");
        }
    }

    @Test
    void drainingRefusesJoinsTellsClientsAndTurnsReadyzUnavailable() throws Exception {
        try (ParleyServer server = TestServers.start()) {
            assertEquals(200, get(server.httpPort(), "/healthz").statusCode());
            assertEquals(200, get(server.httpPort(), "/readyz").statusCode());
            try (ParleyClient alice = clients.connect(server);
                 ParleyClient late = clients.connect(server)) {
                alice.join("drain", "Alice");
                long start = System.nanoTime();
                CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> {
                    try {
                        server.drain(Duration.ofSeconds(20));
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                JsonNode told = alice.awaitType("draining");
                assertEquals(20, told.path("graceSeconds").asInt());
                HttpResponse<String> ready = get(server.httpPort(), "/readyz");
                assertEquals(503, ready.statusCode());
                assertEquals("draining\n", ready.body());
                assertEquals(200, get(server.httpPort(), "/healthz").statusCode(), "alive all the same");

                late.send(late.message("join").put("room", "drain").put("name", "Late"));
                assertEquals("draining", late.awaitType("error").path("code").asText());

                alice.send(alice.message("leave"));
                drained.get();
                assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos(),
                        "the drain ends when the last participant leaves, not at the grace period");
            }
        }
    }

    /**
     * Runs Prometheus's own linter ({@code promtool check metrics}, Debian's prometheus package)
     * on a scrape: it exits non-zero and names every metric against the naming conventions.
     */
    private static void assertPromtoolIsSilent(String exposition) throws Exception {
        Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        try (var in = promtool.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String said = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(promtool.waitFor(30, TimeUnit.SECONDS), "promtool finished");
        assertEquals(0, promtool.exitValue(), "promtool check metrics: " + said);
        assertEquals("", said.strip(), "promtool has nothing to say");
    }

    private static PrometheusText waitFor(ParleyServer server, Predicate<PrometheusText> done)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            PrometheusText m = PrometheusText.parse(get(server.metricsPort(), "/metrics").body());
            if (done.test(m) || System.nanoTime() > deadline) {
                return m;
            }
            Thread.sleep(100);
        }
    }

    static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
