package io.parley.bench.load;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/** Packets sent and received by the load clients, and end-to-end latency in microseconds. */
final class TrafficStats {
    /** One bucket per microsecond up to 1 s; slower packets land in the last bucket. */
    private static final int BUCKETS = 1_000_000;

    final LongAdder sent = new LongAdder();
    final LongAdder expected = new LongAdder();
    final LongAdder received = new LongAdder();
    final LongAdder receivedBytes = new LongAdder();
    private final AtomicLongArray latencyMicros = new AtomicLongArray(BUCKETS);

    /** Forgets everything counted so far (the warm-up). */
    void reset() {
        sent.reset();
        expected.reset();
        received.reset();
        receivedBytes.reset();
        for (int i = 0; i < BUCKETS; i++) {
            latencyMicros.set(i, 0);
        }
    }

    void record(long sentNanos, long nowNanos, int bytes) {
        received.increment();
        receivedBytes.add(bytes);
        long micros = Math.max(0, (nowNanos - sentNanos) / 1000);
        latencyMicros.incrementAndGet((int) Math.min(BUCKETS - 1, micros));
    }

    /** The latency (µs) below which this fraction of packets arrived. */
    long percentileMicros(double fraction) {
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            total += latencyMicros.get(i);
        }
        long rank = (long) Math.ceil(total * fraction);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += latencyMicros.get(i);
            if (seen >= rank && rank > 0) {
                return i;
            }
        }
        return 0;
    }

    double lossPercent() {
        long e = expected.sum();
        return e == 0 ? 0 : Math.max(0, 100.0 * (e - received.sum()) / e);
    }
}
