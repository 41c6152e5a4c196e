package io.parley.admin.metrics;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.PooledByteBufAllocator;
import io.parley.core.room.Counter;
import io.parley.core.room.DropReason;
import io.parley.core.room.MediaCounters;
import io.parley.core.room.MediaKind;
import io.parley.core.room.RoomMetrics;
import io.parley.core.rooms.RoomsSnapshot;
import io.parley.core.rtcp.RtcpDropReason;
import io.parley.transport.TransportStats;
import io.parley.transport.ice.IceEndpoint;

/**
 * The server's metrics in Prometheus text format (names with the {@code parley_} prefix, base
 * units, {@code _total} counters). Counters are read at scrape time from a snapshot of the rooms,
 * taken on their loops, and from the transports' thread-safe counters; nothing is added to the
 * packet path but one latency sample per forwarded packet.
 */
public final class ServerMetrics implements AutoCloseable {
    /** Histogram buckets of the forwarding latency, from tens of microseconds to a stalled loop. */
    private static final Duration[] LATENCY_BUCKETS = {
        Duration.ofNanos(25_000), Duration.ofNanos(50_000), Duration.ofNanos(100_000), Duration.ofNanos(250_000),
        Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
        Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100)};

    /**
     * Micrometer's processor binder names two meters against the Prometheus conventions that
     * {@code promtool check metrics} enforces: CPU time in nanoseconds ({@code
     * process_cpu_time_ns_total}: base units only, and the standard name is {@code
     * process_cpu_seconds_total}, registered below instead) and a gauge ending in {@code _count}
     * ({@code system_cpu_count}, which suffix belongs to histograms and summaries).
     */
    private static final MeterFilter PROMETHEUS_CONVENTIONS = new MeterFilter() {
        @Override
        public MeterFilterReply accept(Meter.Id id) {
            return id.getName().equals("process.cpu.time") ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
        }

        @Override
        public Meter.Id map(Meter.Id id) {
            return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
        }
    };

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Timer forwarding;
    private volatile RoomsSnapshot snapshot = RoomsSnapshot.EMPTY;
    private volatile Supplier<CompletableFuture<RoomsSnapshot>> rooms = () -> CompletableFuture.completedFuture(snapshot);

    public ServerMetrics(TransportStats transport) {
        registry.config().meterFilter(PROMETHEUS_CONVENTIONS);
        forwarding = Timer.builder("parley.forwarding.latency")
                .description("Time from a publisher's datagram arriving to its copies leaving for every subscriber")
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        registerProcessCpu();
        new UptimeMetrics().bindTo(registry);
        registerRooms();
        registerTransport(transport);
    }

    /** What rooms report per forwarded packet. */
    public RoomMetrics roomMetrics() {
        return latencyNanos -> forwarding.record(Duration.ofNanos(latencyNanos));
    }

    /** HTTPS on the main port: handshakes that failed (plain HTTP, untrusted certificates, scanners). */
    public void watchHttps(LongSupplier handshakeFailures) {
        FunctionCounter.builder("parley.https.handshake.failures", handshakeFailures, LongSupplier::getAsLong)
                .description("HTTPS connections closed because their TLS handshake failed").register(registry);
    }

    /** The ICE port: its agents, and the binding requests from unknown addresses it refused. */
    public void watchIce(IceEndpoint ice) {
        FunctionCounter.builder("parley.ice.checks.refused", ice, IceEndpoint::unauthenticatedChecks)
                .description("Binding requests from new addresses refused: unknown ufrag or failed MESSAGE-INTEGRITY")
                .register(registry);
        Gauge.builder("parley.ice.agents", ice, IceEndpoint::agents)
                .description("ICE agents on the media port, one per open transport").register(registry);
    }

    /**
     * Bytes held by the media plane's pooled buffers not yet released: flat under steady load,
     * back near zero when the rooms empty; growth that never stops is a leak.
     */
    public void watchBuffers(PooledByteBufAllocator buffers) {
        Gauge.builder("parley.buffers.pinned", buffers, b -> b.pinnedHeapMemory() + b.pinnedDirectMemory())
                .baseUnit("bytes").description("Pooled buffer memory in use by the media plane").register(registry);
    }

    /** What the configured limits turned away, DTLS handshakes over the queue among them. */
    public void watchRefusals(Refusals refusals) {
        for (Refusals.Limit l : Refusals.Limit.values()) {
            limitRefusals(l.label(), refusals, r -> r.count(l));
        }
    }

    private <T> void limitRefusals(String limit, T source, ToDoubleFunction<T> count) {
        FunctionCounter.builder("parley.limits.refused", source, count)
                .description("Requests, connections and handshakes a configured limit (parley.limits.*) refused")
                .tag("limit", limit).register(registry);
    }

    /** Where the room figures come from; asked once per scrape. */
    public void watchRooms(Supplier<CompletableFuture<RoomsSnapshot>> source) {
        this.rooms = source;
    }

    /**
     * The Prometheus text exposition, once the rooms' snapshot is in. If the rooms do not answer
     * in time, the previous snapshot is used (counters must not go backwards).
     */
    public CompletableFuture<String> scrape(Duration timeout) {
        return rooms.get()
                .completeOnTimeout(null, timeout.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionally(e -> null)
                .thenApply(s -> {
                    if (s != null) {
                        snapshot = s;
                    }
                    return registry.scrape();
                });
    }

    private void registerRooms() {
        gauge("parley.rooms", "Rooms with participants", RoomsSnapshot::rooms);
        gauge("parley.participants", "Participants in all rooms", RoomsSnapshot::participants);
        gauge("parley.tracks", "Tracks published", RoomsSnapshot::tracks);
        for (MediaKind kind : MediaKind.values()) {
            String k = kind.sdpName();
            roomCounter("parley.media.packets", "RTP packets by direction and media kind", null,
                    c -> c.packetsIn(kind), "direction", "in", "kind", k);
            roomCounter("parley.media.packets", "RTP packets by direction and media kind", null,
                    c -> c.packetsOut(kind), "direction", "out", "kind", k);
            roomCounter("parley.media.bytes", "RTP bytes (plain, before SRTP) by direction and media kind",
                    "bytes", c -> c.bytesIn(kind), "direction", "in", "kind", k);
            roomCounter("parley.media.bytes", "RTP bytes (plain, before SRTP) by direction and media kind",
                    "bytes", c -> c.bytesOut(kind), "direction", "out", "kind", k);
        }
        for (DropReason r : DropReason.values()) {
            roomCounter("parley.packets.dropped", "Packets discarded, by reason", null,
                    c -> c.drops(r), "reason", r.name().toLowerCase(Locale.ROOT));
        }
        for (RtcpDropReason r : RtcpDropReason.values()) {
            roomCounter("parley.rtcp.rejected", "Malformed RTCP rejected, by reason", null,
                    c -> c.rtcpDrops(r), "reason", r.name().toLowerCase(Locale.ROOT));
        }
        roomCounter("parley.nacks.received", "Lost packets subscribers asked for in NACKs", null,
                c -> c.counted(Counter.NACKED_BY_SUBSCRIBERS));
        roomCounter("parley.nacks.sent", "Lost packets the server asked publishers for", null,
                c -> c.counted(Counter.NACKED_TO_PUBLISHERS));
        roomCounter("parley.retransmissions", "Answers to NACKs: sent, limited by the budget, or not in the cache",
                null, c -> c.counted(Counter.RETRANSMITTED), "outcome", "sent");
        roomCounter("parley.retransmissions", "Answers to NACKs: sent, limited by the budget, or not in the cache",
                null, c -> c.counted(Counter.RETRANSMISSION_LIMITED), "outcome", "limited");
        roomCounter("parley.retransmissions", "Answers to NACKs: sent, limited by the budget, or not in the cache",
                null, c -> c.counted(Counter.RETRANSMISSION_MISSED), "outcome", "missed");
        roomCounter("parley.keyframe.requests", "Keyframe requests (PLI) sent to publishers", null,
                c -> c.counted(Counter.KEYFRAME_REQUESTS_SENT));
        roomCounter("parley.keyframe.requests.repeated", "Keyframe requests from subscribers shortly after a "
                + "keyframe reached them: a subscriber that cannot decode its stream", null,
                c -> c.counted(Counter.KEYFRAME_REQUESTS_REPEATED));
        roomCounter("parley.room.ticks", "Room ticks run (every 20 ms per room): the rooms' timed work goes on", null,
                c -> c.counted(Counter.TICKS));
        roomCounter("parley.room.tick.failures", "Room ticks that threw; the room went on", null,
                c -> c.counted(Counter.TICK_FAILURES));
        roomCounter("parley.duplicates", "Packets a publisher sent twice", null,
                c -> c.counted(Counter.DUPLICATES));
        roomCounter("parley.rtcp.reports.sent", "RTCP sender and receiver reports sent", null,
                c -> c.counted(Counter.REPORTS_SENT));
        roomCounter("parley.video.left.out", "Video packets not sent to a subscriber: temporal layers above "
                + "its allocation, and padding", null, c -> c.counted(Counter.LEFT_OUT));
        roomCounter("parley.probe.padding", "Padding-only packets sent to probe subscribers' links", null,
                c -> c.counted(Counter.PADDING_SENT));
    }

    /** The standard {@code process_cpu_seconds_total}, where the JVM can tell it. */
    private void registerProcessCpu() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                && os.getProcessCpuTime() >= 0) {
            FunctionCounter.builder("process.cpu", os, o -> o.getProcessCpuTime() / 1e9).baseUnit("seconds")
                    .description("CPU time used by the server process").register(registry);
        }
    }

    private void registerTransport(TransportStats t) {
        for (TransportStats.Drop d : TransportStats.Drop.values()) {
            FunctionCounter.builder("parley.transport.dropped", t, s -> s.drops(d))
                    .description("Datagrams the transports discarded, by reason")
                    .tag("reason", d.name().toLowerCase(Locale.ROOT)).register(registry);
        }
        Gauge.builder("parley.srtp.contexts", t, TransportStats::srtpContexts)
                .description("SRTP and SRTCP crypto contexts held by open transports").register(registry);
        FunctionCounter.builder("parley.dtls.handshake.failures", t, TransportStats::dtlsFailures)
                .description("DTLS handshakes that failed or timed out").register(registry);
        limitRefusals("pending_handshakes", t, TransportStats::handshakesRefused);
        FunctionCounter.builder("parley.ice.failures", t, TransportStats::iceFailures)
                .description("ICE sessions that failed or lost consent").register(registry);
        FunctionCounter.builder("parley.transport.bytes", t, TransportStats::bytesIn).baseUnit("bytes")
                .description("Bytes through the media port (SRTP and SRTCP)").tag("direction", "in").register(registry);
        FunctionCounter.builder("parley.transport.bytes", t, TransportStats::bytesOut).baseUnit("bytes")
                .description("Bytes through the media port (SRTP and SRTCP)").tag("direction", "out").register(registry);
        FunctionCounter.builder("parley.rtcp.packets", t, TransportStats::rtcpPacketsIn)
                .description("RTCP compound packets").tag("direction", "in").register(registry);
        FunctionCounter.builder("parley.rtcp.packets", t, TransportStats::rtcpPacketsOut)
                .description("RTCP compound packets").tag("direction", "out").register(registry);
    }

    private void gauge(String name, String help, ToDoubleFunction<RoomsSnapshot> value) {
        Gauge.builder(name, this, m -> value.applyAsDouble(m.snapshot)).description(help).register(registry);
    }

    private void roomCounter(String name, String help, String baseUnit,
                             ToDoubleFunction<MediaCounters> value, String... tags) {
        FunctionCounter.Builder<ServerMetrics> b = FunctionCounter
                .builder(name, this, m -> value.applyAsDouble(m.snapshot.counters()))
                .description(help).tags(tags);
        if (baseUnit != null) {
            b.baseUnit(baseUnit);
        }
        b.register(registry);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
