package io.parley.bench.load;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.DefaultEventLoopGroup;
import io.parley.admin.ParleyServer;
import io.parley.admin.auth.Grant;
import io.parley.admin.client.Offers;
import io.parley.admin.client.ParleyClient;
import io.parley.core.rtp.RtpPacket;
import io.parley.transport.srtp.SrtpWarmUp;

/**
 * N rooms of M real clients against a Parley server: every client publishes audio and video and
 * subscribes to everyone else in its room. Runs for a bounded time, prints a progress line each
 * second and a summary, then (unless told not to) the same traffic through a plain UDP relay.
 */
public final class LoadGenerator {
    /** Longer than the clients' keyframe interval, so every subscription has started. */
    private static final long WARM_UP_MILLIS = 1500;

    private LoadGenerator() {
    }

    /** What a run measured. */
    public record Result(long forwardedPackets, double forwardedPps, double forwardedMbps, long receivedPackets,
                         double lossPercent, long p50Micros, long p99Micros, long p999Micros,
                         double serverCpuSecondsPerMillion, long heapBytesPerParticipant, boolean heapIsServerOnly) {}

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help")) {
            System.out.print(LoadSettings.USAGE);
            return;
        }
        LoadSettings settings;
        try {
            settings = LoadSettings.parse(args);
        } catch (RuntimeException e) {
            System.err.println("load generator: " + e.getMessage() + "\n" + LoadSettings.USAGE);
            System.exit(2);
            return;
        }
        System.out.printf("Parley load: %d room(s) x %d participants, %d kbit/s video each, %d s, %d cores, %s%n",
                settings.rooms(), settings.participants(), settings.videoKbps(), settings.seconds(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name") + " "
                        + System.getProperty("java.version"));
        Result r = run(settings, System.out::println);
        System.out.printf("parley: forwarded %d packets, %.0f packets/s, %.1f Mbit/s; received %d, loss %.2f%%;"
                        + " latency p50 %d us, p99 %d us, p99.9 %d us; server CPU %.2f s per million forwarded;"
                        + " heap %d KiB per participant (%s)%n",
                r.forwardedPackets(), r.forwardedPps(), r.forwardedMbps(), r.receivedPackets(), r.lossPercent(),
                r.p50Micros(), r.p99Micros(), r.p999Micros(), r.serverCpuSecondsPerMillion(),
                r.heapBytesPerParticipant() / 1024,
                r.heapIsServerOnly() ? "server process" : "server and clients, one JVM: use --server for the server alone");
        if (settings.baseline()) {
            UdpRelayBaseline.Result b = UdpRelayBaseline.run(settings);
            System.out.printf("baseline UDP relay: forwarded %d packets, %.0f packets/s, %.1f Mbit/s;"
                            + " relay CPU %.2f s per million forwarded; parley/baseline CPU ratio %.1f%n",
                    b.forwardedPackets(), b.forwardedPps(), b.forwardedMbps(), b.cpuSecondsPerMillion(),
                    b.cpuSecondsPerMillion() == 0 ? 0 : r.serverCpuSecondsPerMillion() / b.cpuSecondsPerMillion());
        }
        System.exit(0);
    }

    public static Result run(LoadSettings settings, java.util.function.Consumer<String> progress) throws Exception {
        // The clients' SRTP too: jitsi-srtp picks its AES provider by benchmark on first use, for
        // seconds, which would stall the first clients' loops (a server does this at startup).
        SrtpWarmUp.run();
        ParleyServer server = settings.httpPort() == 0 ? InProcessServer.start() : null;
        int httpPort = server != null ? server.httpPort() : settings.httpPort();
        String token = server != null ? server.tokens().issue(Grant.everything("load", server.tokens().now()))
                : settings.token();
        ServerProbe probe = server != null ? ServerProbe.inProcess(server)
                : ServerProbe.remote(settings.metricsPort() > 0 ? settings.metricsPort() : httpPort);
        DefaultEventLoopGroup clientLoops = new DefaultEventLoopGroup(2);
        ExecutorService handshakes = Executors.newFixedThreadPool(2);
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        PooledByteBufAllocator allocator = new PooledByteBufAllocator(false);
        HttpClient http = HttpClient.newHttpClient();
        TrafficStats stats = new TrafficStats();
        List<ParleyClient> clients = new ArrayList<>();
        try {
            long heapBefore = probe.heapBytes();
            List<List<ParleyClient>> rooms = new ArrayList<>();
            Map<ParleyClient, MediaPacer> pacers = new HashMap<>();
            int index = 0;
            for (int r = 0; r < settings.rooms(); r++) {
                List<ParleyClient> room = new ArrayList<>();
                for (int m = 0; m < settings.participants(); m++) {
                    ParleyClient c = new ParleyClient(http, httpPort, token, clientLoops.next(), allocator, handshakes);
                    clients.add(c);
                    room.add(c);
                    MediaPacer p = new MediaPacer(index++, settings.videoKbps());
                    pacers.put(c, p);
                    RtpPacket view = new RtpPacket();
                    c.onRtp(packet -> receive(packet, view, stats));
                    c.join("load-" + r, "client-" + m);
                    c.negotiate(Offers.offer(c, List.of(
                            new Offers.Line("audio", "0", "sendonly", 111, p.audioSsrc()),
                            new Offers.Line("video", "1", "sendonly", 96, p.videoSsrcs()))), Map.of());
                }
                rooms.add(room);
            }
            for (ParleyClient c : clients) {
                if (!c.awaitConnected(Duration.ofSeconds(20))) {
                    throw new IllegalStateException("client " + c.participantId() + " did not connect");
                }
            }
            subscribeEveryoneToEveryone(rooms, pacers);
            long heapPerParticipant = Math.max(0, probe.heapBytes() - heapBefore) / clients.size();

            var task = pacer.scheduleAtFixedRate(() -> tick(rooms, pacers, stats, allocator, settings.participants()),
                    0, MediaPacer.TICK_MILLIS, TimeUnit.MILLISECONDS);
            // Video starts at a keyframe (one a second): what comes before it is not forwarded
            // yet, so counting starts once every subscriber has had one.
            Thread.sleep(WARM_UP_MILLIS);
            stats.reset();
            long forwardedBefore = probe.forwardedPackets();
            long cpuBefore = probe.cpuNanos();
            long start = System.nanoTime();
            long lastReceived = 0;
            for (int s = 1; s <= settings.seconds(); s++) {
                Thread.sleep(1000);
                long received = stats.received.sum();
                progress.accept(String.format("  %2d s: received %d packets/s, sent %d in all, loss so far %.2f%%",
                        s, received - lastReceived, stats.sent.sum(), stats.lossPercent()));
                lastReceived = received;
            }
            task.cancel(false);
            double elapsed = (System.nanoTime() - start) / 1e9;
            Thread.sleep(300);
            long forwardedPackets = probe.forwardedPackets() - forwardedBefore;
            long forwardedBytes = stats.receivedBytes.sum();
            double cpuPerMillion = forwardedPackets == 0 ? 0
                    : (probe.cpuNanos() - cpuBefore) / 1e9 / (forwardedPackets / 1e6);
            return new Result(forwardedPackets, forwardedPackets / elapsed, forwardedBytes * 8 / elapsed / 1e6,
                    stats.received.sum(), stats.lossPercent(), stats.percentileMicros(0.5),
                    stats.percentileMicros(0.99), stats.percentileMicros(0.999), cpuPerMillion, heapPerParticipant,
                    probe.heapIsServerOnly());
        } finally {
            pacer.shutdownNow();
            for (ParleyClient c : clients) {
                c.close();
            }
            clientLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            handshakes.shutdownNow();
            if (server != null) {
                server.close();
            }
        }
    }

    /** Each client offers again with a receive-only m-line for every other participant's tracks. */
    private static void subscribeEveryoneToEveryone(List<List<ParleyClient>> rooms, Map<ParleyClient, MediaPacer> pacers)
            throws Exception {
        for (List<ParleyClient> room : rooms) {
            for (ParleyClient c : room) {
                MediaPacer own = pacers.get(c);
                List<Offers.Line> lines = new ArrayList<>(List.of(
                        new Offers.Line("audio", "0", "sendonly", 111, own.audioSsrc()),
                        new Offers.Line("video", "1", "sendonly", 96, own.videoSsrcs())));
                Map<String, String> subscriptions = new HashMap<>();
                int mid = 2;
                for (ParleyClient other : room) {
                    if (other == c) {
                        continue;
                    }
                    lines.add(new Offers.Line("audio", String.valueOf(mid), "recvonly", 111, 0));
                    subscriptions.put(String.valueOf(mid++), other.participantId() + "-0");
                    lines.add(new Offers.Line("video", String.valueOf(mid), "recvonly", 96, 0));
                    subscriptions.put(String.valueOf(mid++), other.participantId() + "-1");
                }
                c.negotiate(Offers.offer(c, lines), subscriptions);
            }
        }
    }

    private static void tick(List<List<ParleyClient>> rooms, Map<ParleyClient, MediaPacer> pacers, TrafficStats stats,
                             PooledByteBufAllocator allocator, int participants) {
        for (List<ParleyClient> room : rooms) {
            for (ParleyClient c : room) {
                MediaPacer p = pacers.get(c);
                long now = System.nanoTime();
                ByteBuf audio = allocator.heapBuffer(12 + MediaPacer.AUDIO_PAYLOAD + 16);
                p.writeAudio(audio, now);
                c.sendRtp(audio);
                p.nextVideoFrame();
                int sent = 1;
                for (int layer = 0; layer < MediaPacer.LAYER_DIVISORS.length; layer++) {
                    int video = p.videoPackets(layer);
                    for (int i = 0; i < video; i++) {
                        ByteBuf v = allocator.heapBuffer(12 + MediaPacer.VIDEO_PAYLOAD + 16);
                        p.writeVideo(v, layer, now, i);
                        c.sendRtp(v);
                    }
                    sent += video;
                }
                // Subscribers show no tile size, so each gets the top layer with the audio.
                int forwarded = 1 + p.videoPackets(MediaPacer.TOP_LAYER);
                stats.sent.add(sent);
                stats.expected.add((long) forwarded * (participants - 1));
            }
        }
    }

    /** Runs on the client's loop; the view is that client's own. */
    private static void receive(ByteBuf packet, RtpPacket rtp, TrafficStats stats) {
        if (rtp.wrap(packet) && rtp.payloadLength() >= 8) {
            stats.record(MediaPacer.sendTime(packet, rtp.payloadOffset(), rtp.payloadLength()), System.nanoTime(),
                    packet.readableBytes());
        }
    }
}
