package io.parley.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.parley.core.room.ExtensionIds;
import io.parley.core.room.MediaKind;
import io.parley.core.room.MediaSettings;
import io.parley.core.room.MediaTransport;
import io.parley.core.room.Participant;
import io.parley.core.room.Room;
import io.parley.core.room.RoomListener;
import io.parley.core.room.RtpCodec;
import io.parley.core.room.Subscription;
import io.parley.core.room.Track;
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

/**
 * One publisher packet through the room to N subscribers: parse, look up the track, write each
 * subscriber's re-numbered copy and SRTP-protect it with that subscriber's keys (the send itself
 * is left out: that is the kernel's cost, measured by the load generator).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ForwardBenchmark {
    @Param({"1", "10", "50"})
    int subscribers;

    @Param({"AEAD_AES_128_GCM"})
    SrtpProfile profile;

    /**
     * "all": every subscriber gets the frame; "base": every subscriber asked for the base frame
     * rate and the frame is of temporal layer 2, so the cost is that of leaving it out.
     */
    @Param({"all", "base"})
    String frameRate;

    private final PooledByteBufAllocator allocator = new PooledByteBufAllocator(false);
    private Room room;
    private Participant publisher;
    private ByteBuf packet;
    private int seq;

    /** Encrypts like the real transport, then drops the packet instead of sending it. */
    static final class ProtectingTransport implements MediaTransport {
        private final SrtpSession srtp;

        ProtectingTransport(SrtpSession srtp) {
            this.srtp = srtp;
        }

        @Override
        public void sendRtp(ByteBuf p) {
            srtp.protectRtp(p);
            p.release();
        }

        @Override
        public void sendRtcp(ByteBuf p) {
            p.release();
        }

        @Override
        public long lastActivityNanos() {
            return System.nanoTime();
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        room = new Room("bench", ImmediateEventExecutor.INSTANCE, allocator, MediaSettings.defaults(), RoomListener.NONE);
        publisher = room.join("pub", "Publisher", new ProtectingTransport(session()));
        Track track = room.publish(publisher, "1", MediaKind.VIDEO, new RtpCodec(96, "VP8", 90000, 1, ""),
                new long[] {Packets.PUBLISHER_SSRC});
        for (int i = 0; i < subscribers; i++) {
            Participant s = room.join("s" + i, "S" + i, new ProtectingTransport(session()));
            Subscription sub = room.subscribe(s, track, 0x1000 + i, "1", track.codec(), new ExtensionIds(4, 0, 0, 0));
            if ("base".equals(frameRate)) {
                sub.setPreferredLayer(-1, 0);
            }
        }
        // Subscriptions start at a keyframe; the measured packets are the deltas that follow.
        ByteBuf keyframe = allocator.heapBuffer(1300).writeBytes(Packets.video(1100, true, 0));
        room.onRtp(publisher, keyframe);
        keyframe.release();
        packet = allocator.heapBuffer(1300);
        packet.writeBytes(Packets.video(1100, false, 2));
    }

    private SrtpSession session() {
        byte[] material = new byte[2 * (profile.keyLength() + profile.saltLength())];
        return new SrtpSession(SrtpKeys.fromExported(profile, material), false, new LongAdder());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        packet.release();
    }

    @Benchmark
    public long forwardOnePacket() {
        packet.setShort(2, ++seq);
        room.onRtp(publisher, packet);
        return room.forwardedPackets();
    }
}
