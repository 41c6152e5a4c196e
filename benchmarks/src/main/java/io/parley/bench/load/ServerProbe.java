package io.parley.bench.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.parley.admin.ParleyServer;

/**
 * What the load generator reads off the server: packets forwarded, CPU time, and memory. An
 * in-process server is read directly (CPU of its own threads; heap is shared with the clients);
 * a separate server through its Prometheus endpoint (CPU and heap of that process alone).
 */
interface ServerProbe {
    /** RTP packets sent to subscribers so far. */
    long forwardedPackets() throws IOException, InterruptedException;

    /** CPU nanoseconds the server has used so far. */
    long cpuNanos() throws IOException, InterruptedException;

    /** Heap in use, after a GC where the probe can cause one. */
    long heapBytes() throws IOException, InterruptedException;

    /** Whether {@link #heapBytes} counts the server alone (not the in-process clients too). */
    boolean heapIsServerOnly();

    static ServerProbe inProcess(ParleyServer server) {
        return new ServerProbe() {
            @Override
            public long forwardedPackets() {
                return server.transportStats().rtpPacketsOut();
            }

            /** The server's own threads: room loops, DTLS pool, HTTP, and its ICE port's reader. */
            @Override
            public long cpuNanos() {
                ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                String icePort = ":" + server.icePort() + "/";
                long total = 0;
                for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
                    if (t != null && (t.getThreadName().startsWith("parley-") || t.getThreadName().contains(icePort))) {
                        total += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
                    }
                }
                return total;
            }

            @Override
            public long heapBytes() throws InterruptedException {
                System.gc();
                Thread.sleep(100);
                return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            }

            @Override
            public boolean heapIsServerOnly() {
                return false;
            }
        };
    }

    /** A server in another process, read from {@code http://127.0.0.1:port/metrics}. */
    static ServerProbe remote(int metricsPort) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = URI.create("http://127.0.0.1:" + metricsPort + "/metrics");
        return new ServerProbe() {
            private String scrape() throws IOException, InterruptedException {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new IOException(uri + " answered " + r.statusCode());
                }
                return r.body();
            }

            @Override
            public long forwardedPackets() throws IOException, InterruptedException {
                return (long) sum(scrape(), "parley_media_packets_total", "direction=\"out\"");
            }

            @Override
            public long cpuNanos() throws IOException, InterruptedException {
                return (long) (sum(scrape(), "process_cpu_seconds_total", "") * 1e9);
            }

            @Override
            public long heapBytes() throws IOException, InterruptedException {
                return (long) sum(scrape(), "jvm_memory_used_bytes", "area=\"heap\"");
            }

            @Override
            public boolean heapIsServerOnly() {
                return true;
            }
        };
    }

    /** Sums the samples of one metric whose label set contains {@code label} (text format 0.0.4). */
    static double sum(String exposition, String name, String label) {
        double total = 0;
        for (String line : exposition.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(name)) {
                continue;
            }
            int end = name.length();
            if (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                continue;
            }
            if (!label.isEmpty() && !line.contains(label)) {
                continue;
            }
            total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        return total;
    }
}
