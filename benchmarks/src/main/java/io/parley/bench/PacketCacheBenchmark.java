package io.parley.bench;

import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.parley.core.repair.PacketCache;
import io.parley.core.rtp.RtpPacket;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The loss-repair cache on the forwarding path: every forwarded video packet is inserted (a copy
 * into a reused slot), and every NACKed one looked up.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PacketCacheBenchmark {
    private static final int CAPACITY = 512;

    private PacketCache cache;
    private ByteBuf buf;
    private final RtpPacket packet = new RtpPacket();
    private int seq;

    @Setup(Level.Trial)
    public void setUp() {
        cache = new PacketCache(new PooledByteBufAllocator(false), CAPACITY, 1_000_000_000L);
        buf = PooledByteBufAllocator.DEFAULT.heapBuffer(1300).writeBytes(Packets.video(1100, false));
        for (int i = 0; i < CAPACITY; i++) {
            insert();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        cache.close();
        buf.release();
    }

    @Benchmark
    public int insert() {
        seq = (seq + 1) & 0xFFFF;
        buf.setShort(2, seq);
        packet.wrap(buf);
        cache.put(packet, 0);
        return seq;
    }

    @Benchmark
    public ByteBuf lookup() {
        seq = (seq + 7) & 0xFFFF;
        return cache.get(Packets.PUBLISHER_SSRC, (seq & (CAPACITY - 1)), 0);
    }
}
