package io.parley.core.room;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.util.concurrent.ImmediateEventExecutor;

/**
 * Fuzzes {@link Room#onRtp} and {@link Room#onRtcp} with the packet bytes, in a room set up as
 * RoomTest does: Alice publishes Opus, VP8, VP9, AV1, H.264 and a VP8 simulcast track (layers
 * learned from mid and rid), with negotiated extension ids; Bob subscribes to everything with
 * extension ids and RTX, Carol to the video without any. The input is a list of packets, each
 * an op octet, a 16-bit length and the bytes; the op says who sends it, whether RTP or RTCP,
 * whether to aim it at a known SSRC (so that the fuzzer gets past the stream lookup) and
 * whether the room ticks after it.
 *
 * <p>Contract: malformed packets are counted drops, nothing throws, the caller keeps the buffer
 * it passed (its reference count is untouched), and every buffer the room allocated (copies to
 * subscribers, the packet cache, RTCP it sends) is released once everyone has left.
 */
class RoomFuzzTest {
    private static final long AUDIO = 0x11111111L;
    private static final long VP8 = 0x22222222L;
    private static final long VP9 = 0x33333333L;
    private static final long AV1 = 0x44444444L;
    private static final long H264 = 0x55555555L;
    private static final long SIMULCAST_Q = 0x66666666L;
    /** Bob's outgoing streams, one per track in publish order, and Carol's. */
    private static final long BOB_FIRST = 0xB0B00000L;
    private static final long BOB_RTX_FIRST = 0xB0B10000L;
    private static final long CAROL_FIRST = 0xCA700000L;
    private static final long[] ALICE_SSRCS = {AUDIO, VP8, VP9, AV1, H264, SIMULCAST_Q, 0x77777777L};
    private static final long[] SUBSCRIBER_SSRCS = {BOB_FIRST, BOB_FIRST + 1, BOB_FIRST + 2, BOB_FIRST + 3,
        BOB_FIRST + 4, BOB_FIRST + 5, CAROL_FIRST + 1, BOB_RTX_FIRST + 1};

    /** Heap and direct buffers that remember themselves, to check that all were released. */
    static final class TrackingAllocator extends AbstractByteBufAllocator {
        final List<ByteBuf> allocated = new ArrayList<>();

        TrackingAllocator() {
            super(false);
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            ByteBuf b = new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
            allocated.add(b);
            return b;
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            ByteBuf b = new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity);
            allocated.add(b);
            return b;
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }
    }

    @FuzzTest(maxDuration = "60s")
    void onRtpAndOnRtcp(byte[] data) {
        TrackingAllocator allocator = new TrackingAllocator();
        Room room = new Room("fuzz", ImmediateEventExecutor.INSTANCE, allocator, MediaSettings.defaults(),
                new RoomFixtures.RecordingListener(new ArrayList<>()));
        try {
            Participant alice = room.join("alice", "Alice", new RoomFixtures.FakeTransport());
            Participant bob = room.join("bob", "Bob", new RoomFixtures.FakeTransport());
            Participant carol = room.join("carol", "Carol", new RoomFixtures.FakeTransport());
            alice.setExtensions(new ExtensionIds(4, 10, 11, 1, 5, 12));
            bob.setExtensions(new ExtensionIds(3, 0, 0, 1, 6, 0));
            RtpCodec opus = new RtpCodec(111, "opus", 48000, 2, "");
            RtpCodec vp8 = new RtpCodec(96, "VP8", 90000, 1, "");
            RtpCodec vp9 = new RtpCodec(98, "VP9", 90000, 1, "profile-id=0");
            RtpCodec av1 = new RtpCodec(45, "AV1", 90000, 1, "");
            RtpCodec h264 = new RtpCodec(102, "H264", 90000, 1, "packetization-mode=1;profile-level-id=42e01f");
            List<Track> tracks = List.of(
                    room.publish(alice, "0", MediaKind.AUDIO, opus, new long[] {AUDIO}),
                    room.publish(alice, "1", MediaKind.VIDEO, vp8, new long[] {VP8}),
                    room.publish(alice, "2", MediaKind.VIDEO, vp9, new long[] {VP9}),
                    room.publish(alice, "3", MediaKind.VIDEO, av1, new long[] {AV1}),
                    room.publish(alice, "4", MediaKind.VIDEO, h264, new long[] {H264}),
                    room.publish(alice, "5", MediaKind.VIDEO, vp8, new long[0], List.of("q", "h", "f")));
            for (int i = 0; i < tracks.size(); i++) {
                Track t = tracks.get(i);
                RepairStream rtx = t.kind() == MediaKind.VIDEO ? new RepairStream(97, BOB_RTX_FIRST + i) : null;
                room.subscribe(bob, t, BOB_FIRST + i, String.valueOf(10 + i), t.codec(),
                        new ExtensionIds(3, 0, 0, 1, 6, 13), rtx);
                if (t.kind() == MediaKind.VIDEO) {
                    room.subscribe(carol, t, CAROL_FIRST + i, String.valueOf(20 + i), t.codec(), ExtensionIds.NONE);
                }
            }
            Participant[] senders = {alice, bob, alice, carol};
            int i = 0;
            while (i + 3 <= data.length) {
                int op = data[i] & 0xFF;
                int len = Math.min((data[i + 1] & 0xFF) << 8 | (data[i + 2] & 0xFF), data.length - i - 3);
                byte[] packet = Arrays.copyOfRange(data, i + 3, i + 3 + len);
                i += 3 + len;
                boolean rtcp = (op & 0x01) != 0;
                Participant from = senders[op & 0x03];
                int aim = (op >> 2) & 0x07;
                if (packet.length >= 1 && (op & 0x40) != 0) {
                    packet[0] = (byte) (0x80 | (packet[0] & 0x3F));     // version 2
                }
                if (aim != 0) {
                    // RTP: the SSRC at 8; RTCP feedback: the media source at 8 (FIR: its FCI at 12).
                    long ssrc = rtcp ? SUBSCRIBER_SSRCS[aim] : ALICE_SSRCS[aim - 1];
                    int at = rtcp && packet.length >= 16 && (packet[1] & 0xFF) == 206 && (packet[0] & 0x1F) == 4 ? 12 : 8;
                    putInt(packet, at, ssrc);
                }
                RoomFixtures.deliver(room, from, packet, rtcp);
                if ((op & 0x20) != 0) {
                    room.tick();
                }
            }
            assertEquals(0, room.counted(Counter.TICK_FAILURES), "the room's timed work threw");
        } finally {
            RoomFixtures.leaveAll(room);
        }
        for (ByteBuf b : allocator.allocated) {
            assertEquals(0, b.refCnt(), "a buffer the room allocated was not released: " + b);
        }
    }

    private static void putInt(byte[] packet, int at, long value) {
        for (int k = 0; k < 4 && at + k < packet.length; k++) {
            packet[at + k] = (byte) (value >>> (24 - 8 * k));
        }
    }

}
