package io.parley.admin.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.netty.buffer.Unpooled;
import io.parley.admin.client.Offers;
import io.parley.admin.client.ParleyClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Join, ICE, DTLS, media and leave over and over, with clients that vanish without leaving,
 * offers that change their tracks, networks that die mid-call or never let a check through (an
 * nftables rule, {@link UdpBlock}), and WHIP sessions made and deleted: afterwards the server
 * holds what it held before. Descriptors are counted without a GC, so anything closed only by the
 * garbage collector shows (the longer documented run is in docs/soak.md).
 */
class ChurnIT {
    /** -Dparley.churn.cycles=N for the long run (docs/soak.md). */
    private static final int CYCLES = Integer.getInteger("parley.churn.cycles", 12);
    private static final int WHIP_CYCLES = Math.max(8, CYCLES / 4);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern POOL_WORKER =
            Pattern.compile("ice4j\\..*-pool-\\d+-thread-\\d+|HttpClient-\\d+-Worker-\\d+|parley-dtls-\\d+-\\d+"
                    + "|CompletableFutureDelayScheduler|process reaper");
    @RegisterExtension
    static final SharedServer SHARED = new SharedServer(Map.of("parley.session.silence-timeout", "2s"));

    @Test
    void cyclesOfCallsLeaveNoSessionsDescriptorsThreadsOrBuffersBehind() throws Exception {
        call(0); // warms up every class, pool and thread a call needs
        awaitEmpty();
        int fdsBefore = openDescriptors();
        List<String> threadsBefore = threadNames();
        double pinnedBefore = scrape().value("parley_buffers_pinned_bytes");
        assertEquals(0, scrape().value("parley_ice_agents"), "no ICE agent outlives its call");
        assertEquals(0, scrape().value("parley_srtp_contexts"), "no SRTP context outlives its call");

        for (int i = 1; i <= CYCLES; i++) {
            call(i);
        }
        for (int i = 0; i < WHIP_CYCLES; i++) {
            whipCreatedAndDeleted(i);
        }
        awaitEmpty();

        PrometheusText after = scrape();
        assertEquals(0, after.value("parley_ice_agents"), "ICE agents left after the churn");
        assertEquals(0, after.value("parley_srtp_contexts"), "SRTP contexts left after the churn");
        int fdsAfter = openDescriptors();
        assertTrue(fdsAfter <= fdsBefore + 2, "open descriptors " + fdsBefore + " -> " + fdsAfter
                + " after " + CYCLES + " calls and " + WHIP_CYCLES + " WHIP sessions (no GC in between)");
        List<String> threadsAfter = threadNames();
        threadsAfter.removeAll(threadsBefore);
        // Workers of shared pools (ice4j's, the DTLS pool, the test's HTTP client, the JDK's timer
        // of CompletableFuture timeouts and its reaper of the test's nft processes) come and go;
        // a thread of anyone's own (an ICE connector per socket, a timer per room) must be gone.
        threadsAfter.removeIf(n -> POOL_WORKER.matcher(n).matches());
        assertTrue(threadsAfter.isEmpty(), "threads left behind: " + threadsAfter);
        double pinnedAfter = scrape().value("parley_buffers_pinned_bytes");
        assertTrue(pinnedAfter <= pinnedBefore + 64 * 1024, "pooled buffer bytes in use " + pinnedBefore
                + " -> " + pinnedAfter);

        System.out.printf("churn: %d calls, %d WHIP sessions; descriptors (not TCP) %d -> %d; "
                + "pooled bytes in use %.0f -> %.0f; ICE agents %.0f, SRTP contexts %.0f; threads left of their own: %s%n",
                CYCLES, WHIP_CYCLES, fdsBefore, fdsAfter, pinnedBefore, pinnedAfter,
                after.value("parley_ice_agents"), after.value("parley_srtp_contexts"), threadsAfter);
        // The loops still run rooms' timed work: a new room ticks.
        try (ParleyClient a = SHARED.connect(); ParleyClient b = SHARED.connect()) {
            BlockingQueue<Long> arrived = new LinkedBlockingQueue<>();
            b.onRtp(p -> arrived.add(p.getUnsignedInt(p.readerIndex() + 8)));
            PublishedCall.start(a, b, "after-the-churn");
            mediaFlows(a, arrived, "after the churn");
            PrometheusText during = scrape();
            assertEquals(2, during.value("parley_ice_agents"), "the gauge counts the call's agents");
            assertTrue(during.value("parley_srtp_contexts") >= 2, "a context for Alice's audio in, one for Bob's copy out");
            double ticks = during.value("parley_room_ticks_total");
            Thread.sleep(300);
            assertTrue(scrape().value("parley_room_ticks_total") >= ticks + 5, "room ticks go on");
        }
    }

    /**
     * One call; how it ends depends on the cycle: leave, vanish, re-offer first, lose the network
     * mid-call, or never get through at all.
     */
    private static void call(int cycle) throws Exception {
        ParleyClient alice = SHARED.connect();
        ParleyClient bob = SHARED.connect();
        try {
            if (cycle % 5 == 4) {
                neverGetsThrough(alice, "churn-" + cycle);
                return;
            }
            BlockingQueue<Long> arrived = new LinkedBlockingQueue<>();
            bob.onRtp(p -> arrived.add(p.getUnsignedInt(p.readerIndex() + 8)));
            PublishedCall.start(alice, bob, "churn-" + cycle);
            mediaFlows(alice, arrived, "in cycle " + cycle);
            switch (cycle % 5) {
                case 1 -> {
                    // Alice's tab crashes: her media stops, nobody says goodbye.
                    alice.stopMedia();
                    awaitTerminated(alice);
                }
                case 2 -> {
                    // Alice swaps her tracks twice before hanging up.
                    for (int k = 0; k < 2; k++) {
                        alice.negotiate(Offers.offer(alice, List.of(
                                new Offers.Line("audio", "a" + k, "sendonly", 111, 7000L + k),
                                new Offers.Line("video", "v" + k, "sendonly", 96, List.of(8000L + k, 8100L + k)))),
                                Map.of());
                    }
                }
                case 3 -> {
                    // Alice's network dies mid-call: her transport still runs, nothing gets through.
                    try (UdpBlock cut = UdpBlock.port(alice.udpPort())) {
                        for (int i = 0; i < 5; i++) {
                            alice.sendRtp(Unpooled.buffer().writeBytes(RelayIT.rtp(111, 200 + i, 960L * (100 + i),
                                    PublishedCall.AUDIO_SSRC, new byte[40])));
                        }
                        awaitTerminated(alice);
                        assertTrue(cut.dropped() > 0, "the block dropped Alice's datagrams");
                    }
                }
                default -> { }
            }
        } finally {
            alice.close();
            bob.close();
        }
    }

    /** Alice sends audio until Bob has a packet of it (the first may come before his path is up). */
    private static void mediaFlows(ParleyClient alice, BlockingQueue<Long> bobsArrivals, String when)
            throws InterruptedException {
        Long first = null;
        for (int i = 0; i < 100 && first == null; i++) {
            alice.sendRtp(Unpooled.buffer().writeBytes(RelayIT.rtp(111, 100 + i, 960L * i,
                    PublishedCall.AUDIO_SSRC, new byte[40])));
            first = bobsArrivals.poll(30, TimeUnit.MILLISECONDS);
        }
        assertNotNull(first, "media flows " + when);
    }

    /** Alice's UDP is blocked from the start: her ICE checks never arrive, and the server gives up on her. */
    private static void neverGetsThrough(ParleyClient alice, String room) throws Exception {
        try (UdpBlock cut = UdpBlock.port(alice.udpPort())) {
            alice.join(room, "Alice");
            alice.negotiate(Offers.offer(alice, List.of(
                    new Offers.Line("audio", "0", "sendonly", 111, PublishedCall.AUDIO_SSRC))), Map.of());
            awaitTerminated(alice);
            assertFalse(alice.awaitConnected(Duration.ZERO), "nothing got through");
            assertTrue(cut.dropped() > 0, "the block dropped Alice's checks");
        }
    }

    private static void awaitTerminated(ParleyClient client) throws InterruptedException {
        client.await(n -> "terminated".equals(n.path("code").asText()), Duration.ofSeconds(10));
    }

    private static void whipCreatedAndDeleted(int i) throws Exception {
        try (ParleyClient sdpSource = SHARED.connect()) {
            String offer = Offers.offer(sdpSource, List.of(new Offers.Line("audio", "0", "sendonly", 111, 900L + i)));
            String token = TestServers.token(SHARED.server(), "*");
            HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + SHARED.server().httpPort() + "/whip/whip-churn"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/sdp")
                    .POST(HttpRequest.BodyPublishers.ofString(offer)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, created.statusCode(), created.body());
            String location = created.headers().firstValue("Location").orElseThrow();
            HttpResponse<String> deleted = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + SHARED.server().httpPort() + location))
                    .header("Authorization", "Bearer " + token).DELETE().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, deleted.statusCode(), deleted.body());
        }
    }

    private static void awaitEmpty() throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        PrometheusText m = scrape();
        while ((m.value("parley_participants") > 0 || m.value("parley_rooms") > 0) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            m = scrape();
        }
        assertEquals(0, m.value("parley_participants"), "every participant is gone");
        assertEquals(0, m.value("parley_rooms"), "every room is gone");
        Thread.sleep(300); // transports close on their loops just after the room lets go
    }

    private static List<String> threadNames() {
        List<String> names = new java.util.ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            names.add(t.getName());
        }
        return names;
    }

    /**
     * Open descriptors other than TCP sockets: the HTTP clients' keep-alive connections come and
     * go, while every UDP socket, bound or not, is the media plane's.
     */
    private static int openDescriptors() throws Exception {
        Set<String> tcp = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table))) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 9) {
                    tcp.add(fields[9]);
                }
            }
        }
        int count = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException closedMeanwhile) {
                    continue;
                }
                if (!(target.startsWith("socket:[") && tcp.contains(target.substring(8, target.length() - 1)))) {
                    count++;
                }
            }
        }
        return count;
    }

    private static PrometheusText scrape() throws Exception {
        return PrometheusText.parse(OperationsIT.get(SHARED.server().metricsPort(), "/metrics").body());
    }
}
