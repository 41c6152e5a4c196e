package io.parley.core.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.ImmediateEventExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An hour of a 30-packet-per-second video stream, compressed: more packets than the 16-bit
 * sequence number and the transport-wide number hold, a timestamp that wraps its 32 bits, and a
 * subscriber whose view of all three stays continuous.
 */
class LongRunWrapTest {
    private static final long VIDEO_SSRC = 0x22222222L;
    private static final int TRANSPORT_CC_ID = 5;
    private static final int PACKETS = 140_000;
    private static final long TICKS_PER_PACKET = 3000;

    private final Room room = new Room("long", ImmediateEventExecutor.INSTANCE, new PooledByteBufAllocator(false),
            MediaSettings.defaults(), new RoomFixtures.RecordingListener(new java.util.ArrayList<>()));

    @AfterEach
    void everyoneLeaves() {
        RoomFixtures.leaveAll(room);
    }

    @Test
    void sequenceTimestampAndTransportWideNumbersStayContinuousAcrossTheirWraps() {
        Participant alice = room.join("alice", "Alice", new RoomFixtures.FakeTransport());
        WrapWatcher bobOut = new WrapWatcher();
        Participant bob = room.join("bob", "Bob", bobOut);
        bob.setTransportCcId(TRANSPORT_CC_ID);
        Track video = room.publish(alice, "1", MediaKind.VIDEO, new RtpCodec(96, "VP8", 90000, 1, ""),
                new long[] {VIDEO_SSRC});
        room.subscribe(bob, video, 0x5555L, "1", new RtpCodec(100, "VP8", 90000, 1, ""),
                ExtensionIds.NONE);

        int seq = 65_000;
        long ts = 0xFFFFFFFFL - 90_000L * 60; // a minute before the timestamp wraps
        for (int i = 0; i < PACKETS; i++) {
            byte[] payload = i == 0 ? RoomFixtures.VP8_KEYFRAME : RoomFixtures.VP8_DELTA;
            RoomFixtures.deliver(room, alice, RoomFixtures.rtp(96, seq & 0xFFFF, ts & 0xFFFFFFFFL, VIDEO_SSRC, payload), false);
            seq++;
            ts += TICKS_PER_PACKET;
        }
        assertEquals(PACKETS, bobOut.packets, "every packet reached the subscriber");
        assertEquals(0, bobOut.breaks, "first break: " + bobOut.firstBreak);
    }

    /** Checks each packet continues the one before, without keeping them (140,000 would be 20 MB). */
    static final class WrapWatcher extends RoomFixtures.FakeTransport {
        int packets;
        int breaks;
        String firstBreak;
        private int lastSeq = -1;
        private long lastTs;
        private int lastTransportSeq = -1;

        @Override
        public void sendRtp(io.netty.buffer.ByteBuf packet) {
            byte[] p = new byte[packet.readableBytes()];
            packet.getBytes(packet.readerIndex(), p);
            packet.release();
            int seq = RoomFixtures.seq(p);
            long ts = RoomFixtures.timestamp(p);
            byte[] transport = RoomFixtures.extension(p, TRANSPORT_CC_ID);
            assertTrue(transport != null && transport.length == 2, "packet " + packets + " carries the transport-wide number");
            int transportSeq = ByteBuffer.wrap(transport).getShort() & 0xFFFF;
            if (lastSeq >= 0) {
                check(seq == ((lastSeq + 1) & 0xFFFF), "sequence " + lastSeq + " -> " + seq);
                check(((ts - lastTs) & 0xFFFFFFFFL) == TICKS_PER_PACKET, "timestamp " + lastTs + " -> " + ts);
                check(transportSeq == ((lastTransportSeq + 1) & 0xFFFF),
                        "transport-wide " + lastTransportSeq + " -> " + transportSeq);
            }
            lastSeq = seq;
            lastTs = ts;
            lastTransportSeq = transportSeq;
            packets++;
        }

        private void check(boolean ok, String what) {
            if (!ok && breaks++ == 0) {
                firstBreak = "at packet " + packets + ": " + what;
            }
        }
    }
}
