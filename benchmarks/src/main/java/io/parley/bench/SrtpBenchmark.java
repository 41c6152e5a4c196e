package io.parley.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.parley.transport.srtp.SrtpKeys;
import io.parley.transport.srtp.SrtpProfile;
import io.parley.transport.srtp.SrtpSession;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** SRTP protect then unprotect of one 1100-byte-payload packet, per protection profile. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SrtpBenchmark {
    @Param({"AEAD_AES_128_GCM", "AES_CM_128_HMAC_SHA1_80"})
    SrtpProfile profile;

    private final PooledByteBufAllocator allocator = new PooledByteBufAllocator(false);
    private SrtpSession sender;
    private SrtpSession receiver;
    private ByteBuf packet;
    private byte[] plain;
    private int seq;

    @Setup(Level.Trial)
    public void setUp() {
        byte[] material = new byte[2 * (profile.keyLength() + profile.saltLength())];
        SrtpKeys keys = SrtpKeys.fromExported(profile, material);
        sender = new SrtpSession(keys, true, new LongAdder());
        receiver = new SrtpSession(keys, false, new LongAdder());
        plain = Packets.video(1100, false);
        packet = allocator.heapBuffer(1300);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        packet.release();
    }

    @Benchmark
    public boolean protectAndUnprotect() {
        packet.clear().writeBytes(plain);
        packet.setShort(2, ++seq);
        return sender.protectRtp(packet) & receiver.unprotectRtp(packet);
    }
}
