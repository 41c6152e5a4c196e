package io.parley.bench;

import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.parley.core.rtcp.Pli;
import io.parley.core.rtcp.RtcpPacket;
import io.parley.core.rtp.RtpPacket;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Reading packets in place: RTP header with an extension lookup, RTCP compound iteration. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ParseBenchmark {
    private final RtpPacket rtp = new RtpPacket();
    private final RtcpPacket rtcp = new RtcpPacket();
    private final ByteBuf video = Unpooled.wrappedBuffer(Packets.video(1100, false));
    private final ByteBuf compound = compound();

    private static ByteBuf compound() {
        ByteBuf b = Unpooled.buffer();
        b.writeBytes(new byte[] {(byte) 0x81, (byte) 201, 0, 7, 0, 0, 0, 1});
        b.writeZero(24);
        Pli.write(b, 1, 2);
        return b;
    }

    @Benchmark
    public int rtpParseAndFindMid() {
        rtp.wrap(video);
        return rtp.extensionOffset(4) + rtp.sequenceNumber() + (int) rtp.ssrc();
    }

    @Benchmark
    public int rtcpIterate() {
        int types = 0;
        rtcp.wrap(compound);
        while (rtcp.next()) {
            types += rtcp.packetType();
        }
        return types;
    }
}
