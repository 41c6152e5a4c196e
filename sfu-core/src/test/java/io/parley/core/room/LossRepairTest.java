package io.parley.core.room;

import static io.parley.core.room.RoomFixtures.VP8_DELTA;
import static io.parley.core.room.RoomFixtures.VP8_KEYFRAME;
import static io.parley.core.room.RoomFixtures.deliver;
import static io.parley.core.room.RoomFixtures.rtp;
import static io.parley.core.room.RoomFixtures.seq;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.parley.core.rtcp.Nack;
import io.parley.core.rtcp.RtcpDropReason;
import io.parley.core.rtcp.RtcpPacket;
import io.parley.core.room.RoomFixtures.FakeTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** NACKs both ways, the retransmission budget, RTCP reports, and malformed RTCP, on synthetic packets. */
class LossRepairTest {
    private static final long VIDEO_SSRC = 0x22222222L;
    private static final long BOB_SSRC = 0xB0BL;
    private static final RtpCodec VP8 = new RtpCodec(96, "VP8", 90000, 1, "");

    private final Room room = new Room("test", ImmediateEventExecutor.INSTANCE, new PooledByteBufAllocator(false),
            MediaSettings.defaults(), RoomListener.NONE);
    private final FakeTransport aliceOut = new FakeTransport();
    private final FakeTransport bobOut = new FakeTransport();
    private final Participant alice = room.join("alice", "Alice", aliceOut);
    private final Participant bob = room.join("bob", "Bob", bobOut);
    private final Track video = room.publish(alice, "1", MediaKind.VIDEO, VP8, new long[] {VIDEO_SSRC});

    @AfterEach
    void everyoneLeaves() {
        RoomFixtures.leaveAll(room);
    }

    @Test
    void gapsInAPublishersStreamBecomeNacksRepeatedUntilRepaired() throws InterruptedException {
        for (int s : new int[] {100, 101, 104, 105, 107, 130}) {
            deliver(room, alice, rtp(96, s, 0, VIDEO_SSRC, VP8_DELTA), false);
        }
        aliceOut.rtcp.clear();
        room.tick();
        List<Integer> expected = new ArrayList<>(List.of(102, 103, 106));
        for (int s = 108; s <= 129; s++) {
            expected.add(s);
        }
        assertEquals(expected, nacked(aliceOut.rtcp, VIDEO_SSRC));
        assertEquals(25, room.counted(Counter.NACKED_TO_PUBLISHERS));

        room.tick();
        assertEquals(List.of(), nacked(aliceOut.rtcp.subList(1, aliceOut.rtcp.size()), VIDEO_SSRC),
                "no repeat before a round trip passed");

        deliver(room, alice, rtp(96, 102, 0, VIDEO_SSRC, VP8_DELTA), false);
        for (int s = 108; s <= 129; s++) {
            deliver(room, alice, rtp(96, s, 0, VIDEO_SSRC, VP8_DELTA), false);
        }
        Thread.sleep(110);
        aliceOut.rtcp.clear();
        room.tick();
        assertEquals(List.of(103, 106), nacked(aliceOut.rtcp, VIDEO_SSRC), "repaired packets are not asked for again");
    }

    @Test
    void aGapTooLargeForNacksBecomesAKeyframeRequest() {
        deliver(room, alice, rtp(96, 1, 0, VIDEO_SSRC, VP8_DELTA), false);
        deliver(room, alice, rtp(96, 1000, 0, VIDEO_SSRC, VP8_DELTA), false);
        assertEquals(1, room.counted(Counter.LOSS_KEYFRAME_REQUESTS));
        aliceOut.rtcp.clear();
        room.tick();
        assertEquals(List.of(), nacked(aliceOut.rtcp, VIDEO_SSRC));
    }

    @Test
    void aSubscribersNackIsAnsweredWithExactlyTheBytesFirstSent() {
        room.subscribe(bob, video, BOB_SSRC, "1", VP8, ExtensionIds.NONE);
        deliver(room, alice, rtp(96, 10, 0, VIDEO_SSRC, VP8_KEYFRAME), false);
        for (int i = 1; i <= 5; i++) {
            deliver(room, alice, rtp(96, 10 + i, 3000L * i, VIDEO_SSRC, new byte[] {0x10, 0x01, (byte) i}), false);
        }
        assertEquals(6, bobOut.rtp.size());
        int first = seq(bobOut.rtp.get(0));

        // Packets 2 and 4 of the six lost: PID first + 1, bit 1 for first + 3 (RFC 4585 §6.2.1).
        deliver(room, bob, nack(BOB_SSRC, (first + 1) & 0xFFFF, 0b10), true);

        assertEquals(8, bobOut.rtp.size());
        assertArrayEquals(bobOut.rtp.get(1), bobOut.rtp.get(6), "second packet resent as first sent");
        assertArrayEquals(bobOut.rtp.get(3), bobOut.rtp.get(7), "fourth packet resent as first sent");
        assertEquals(2, room.counted(Counter.RETRANSMITTED));
        assertEquals(2, room.counted(Counter.NACKED_BY_SUBSCRIBERS));
    }

    @Test
    void withRtxNegotiatedTheRepairGoesOnTheRtxStreamWithTheOriginalSequenceNumber() {
        room.subscribe(bob, video, BOB_SSRC, "1", VP8, ExtensionIds.NONE, new RepairStream(97, 0xB0B2L));
        deliver(room, alice, rtp(96, 10, 0, VIDEO_SSRC, VP8_KEYFRAME), false);
        byte[] delta = {0x10, 0x01, 7, 7, 7};
        deliver(room, alice, rtp(96, 11, 3000, VIDEO_SSRC, delta), false);
        deliver(room, alice, rtp(96, 12, 6000, VIDEO_SSRC, VP8_DELTA), false);
        deliver(room, alice, rtp(96, 13, 9000, VIDEO_SSRC, VP8_DELTA), false);
        byte[] original = bobOut.rtp.get(1);

        deliver(room, bob, nack(BOB_SSRC, seq(original), 0), true);
        deliver(room, bob, nack(BOB_SSRC, seq(bobOut.rtp.get(0)), 0), true);

        byte[] rtx = bobOut.rtp.get(4);
        assertEquals(97, rtx[1] & 0x7F, "RTX payload type");
        assertEquals(0xB0B2L, RoomFixtures.ssrc(rtx), "RTX SSRC");
        assertEquals(RoomFixtures.timestamp(original), RoomFixtures.timestamp(rtx), "the original timestamp (RFC 4588 §4)");
        byte[] payload = RoomFixtures.payloadOf(rtx);
        assertEquals(seq(original), ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF), "OSN first");
        assertArrayEquals(delta, Arrays.copyOfRange(payload, 2, payload.length), "then the original payload");
        assertEquals((seq(rtx) + 1) & 0xFFFF, seq(bobOut.rtp.get(5)), "the RTX stream has its own numbering");
    }

    @Test
    void retransmissionsAreBoundedSoNacksCannotAmplify() {
        room.subscribe(bob, video, BOB_SSRC, "1", VP8, ExtensionIds.NONE);
        deliver(room, alice, rtp(96, 10, 0, VIDEO_SSRC, VP8_KEYFRAME), false);
        for (int i = 1; i < 40; i++) {
            deliver(room, alice, rtp(96, 10 + i, 3000L * i, VIDEO_SSRC, VP8_DELTA), false);
        }
        int first = seq(bobOut.rtp.get(0));
        int sent = bobOut.rtp.size();

        for (int i = 0; i < 10; i++) {
            deliver(room, bob, nack(BOB_SSRC, first, 0), true);
        }
        assertEquals(sent + 1, bobOut.rtp.size(), "the same packet is resent once per round trip");

        for (int i = 0; i < 40; i += 17) {
            deliver(room, bob, nack(BOB_SSRC, (first + i) & 0xFFFF, 0xFFFF), true);
        }
        long resent = bobOut.rtp.size() - sent;
        assertTrue(resent <= 20, "at most half a retransmission per packet forwarded, got " + resent);
        assertTrue(room.counted(Counter.RETRANSMISSION_LIMITED) > 0);
    }

    @Test
    void nacksForPacketsNeverSentOrForStreamsNotOursAreCountedMisses() {
        room.subscribe(bob, video, BOB_SSRC, "1", VP8, ExtensionIds.NONE);
        deliver(room, alice, rtp(96, 10, 0, VIDEO_SSRC, VP8_KEYFRAME), false);
        int first = seq(bobOut.rtp.get(0));
        deliver(room, bob, nack(BOB_SSRC, (first + 100) & 0xFFFF, 0), true);
        deliver(room, bob, nack(0x999L, first, 0), true);
        deliver(room, alice, nack(BOB_SSRC, first, 0), true);
        assertEquals(1, bobOut.rtp.size());
        assertEquals(1, room.counted(Counter.RETRANSMISSION_MISSED));
    }

    @Test
    void duplicatesFromThePublisherAreDropped() {
        room.subscribe(bob, video, BOB_SSRC, "1", VP8, ExtensionIds.NONE);
        deliver(room, alice, rtp(96, 10, 0, VIDEO_SSRC, VP8_KEYFRAME), false);
        deliver(room, alice, rtp(96, 10, 0, VIDEO_SSRC, VP8_KEYFRAME), false);
        assertEquals(1, bobOut.rtp.size());
        assertEquals(1, room.counted(Counter.DUPLICATES));
    }

    @Test
    void withNackOffNothingIsCachedOrResent() {
        Room plain = new Room("plain", ImmediateEventExecutor.INSTANCE, new PooledByteBufAllocator(false),
                new MediaSettings(false, 512, 1000), RoomListener.NONE);
        FakeTransport out = new FakeTransport();
        Participant a = plain.join("a", "A", new FakeTransport());
        Participant b = plain.join("b", "B", out);
        Track t = plain.publish(a, "1", MediaKind.VIDEO, VP8, new long[] {VIDEO_SSRC});
        plain.subscribe(b, t, BOB_SSRC, "1", VP8, ExtensionIds.NONE);
        deliver(plain, a, rtp(96, 10, 0, VIDEO_SSRC, VP8_KEYFRAME), false);
        deliver(plain, b, nack(BOB_SSRC, seq(out.rtp.get(0)), 0), true);
        assertEquals(1, out.rtp.size());
        assertEquals(0, plain.counted(Counter.RETRANSMITTED));
        RoomFixtures.leaveAll(plain);
    }

    @Test
    void reportsGoBothWaysAndGiveTheRoundTripTime() throws InterruptedException {
        room.subscribe(bob, video, BOB_SSRC, "1", VP8, ExtensionIds.NONE);
        deliver(room, alice, rtp(96, 10, 0, VIDEO_SSRC, VP8_KEYFRAME), false);
        deliver(room, alice, rtp(96, 12, 3000, VIDEO_SSRC, new byte[] {0x10, 0x01, 1, 2, 3}), false);
        aliceOut.rtcp.clear();
        Thread.sleep(TimedWork.REPORT_INTERVAL_NANOS / 1_000_000 + 10);
        room.tick();

        byte[] rr = packetOfType(aliceOut.rtcp, RtcpPacket.RR);
        assertNotNull(rr, "the publisher gets a receiver report");
        ByteBuffer b = ByteBuffer.wrap(rr);
        assertEquals(1, rr[0] & 0x1F, "one report block");
        assertEquals(VIDEO_SSRC, b.getInt(8) & 0xFFFFFFFFL);
        assertEquals(1, b.getInt(12) & 0xFFFFFF, "one packet lost (11)");
        assertEquals(12, b.getInt(16), "extended highest sequence number");
        assertNotNull(packetOfType(aliceOut.rtcp, RtcpPacket.SDES), "with the CNAME");

        byte[] sr = packetOfType(bobOut.rtcp, RtcpPacket.SR);
        assertNotNull(sr, "the subscriber gets a sender report");
        b = ByteBuffer.wrap(sr);
        assertEquals(BOB_SSRC, b.getInt(4) & 0xFFFFFFFFL);
        assertEquals(2, b.getInt(20), "packets sent");
        assertEquals(VP8_KEYFRAME.length + 5, b.getInt(24), "payload octets sent");

        long lsr = (b.getLong(8) >>> 16) & 0xFFFFFFFFL;
        deliver(room, bob, receiverReport(BOB_SSRC, lsr, 0), true);
        assertTrue(bob.rttNanos() >= 0 && bob.rttNanos() < 1_000_000_000L, "round trip " + bob.rttNanos());
        assertEquals(bob.rttNanos(), bob.subscriptionTo(video.id()).rttNanos());
    }

    @Test
    void malformedRtcpIsDroppedWithItsReasonAndTheRestOfTheCompoundStillActs() throws InterruptedException {
        room.subscribe(bob, video, BOB_SSRC, "1", VP8, ExtensionIds.NONE);
        Thread.sleep(KeyframeRequests.INTERVAL_NANOS / 1_000_000 + 10);
        aliceOut.rtcp.clear();
        byte[] shortRr = ByteBuffer.allocate(8).put((byte) 0x81).put((byte) RtcpPacket.RR).putShort((short) 1)
                .putInt(1).array();
        byte[] emptyNack = ByteBuffer.allocate(12).put((byte) 0x81).put((byte) RtcpPacket.RTPFB).putShort((short) 2)
                .putInt(1).putInt((int) BOB_SSRC).array();
        byte[] sdesOverrun = ByteBuffer.allocate(12).put((byte) 0x81).put((byte) RtcpPacket.SDES).putShort((short) 2)
                .putInt(1).put((byte) 1).put((byte) 40).putShort((short) 0).array();
        byte[] pli = RoomFixtures.pli(BOB_SSRC);
        deliver(room, bob, concat(shortRr, emptyNack, sdesOverrun, pli), true);
        deliver(room, bob, new byte[] {0x40, (byte) 201, 0, 0}, true);
        deliver(room, bob, new byte[] {(byte) 0x80, (byte) 201, 0, 9, 0, 0, 0, 0}, true);

        assertEquals(1, room.rtcpDrops(RtcpDropReason.BAD_REPORT));
        assertEquals(1, room.rtcpDrops(RtcpDropReason.BAD_FEEDBACK));
        assertEquals(1, room.rtcpDrops(RtcpDropReason.BAD_SDES));
        assertEquals(1, room.rtcpDrops(RtcpDropReason.BAD_VERSION));
        assertEquals(1, room.rtcpDrops(RtcpDropReason.BAD_LENGTH));
        assertEquals(5, room.drops(DropReason.MALFORMED_RTCP));
        assertEquals(1, aliceOut.rtcp.size(), "the well-formed PLI after the bad packets still went upstream");
    }

    /** All sequence numbers the NACKs in these RTCP packets ask for, for one media SSRC. */
    private static List<Integer> nacked(List<byte[]> packets, long mediaSsrc) {
        List<Integer> seqs = new ArrayList<>();
        RtcpPacket p = new RtcpPacket();
        for (byte[] bytes : packets) {
            p.wrap(Unpooled.wrappedBuffer(bytes));
            while (p.next()) {
                if (p.packetType() != RtcpPacket.RTPFB || p.countOrFormat() != Nack.FORMAT || p.mediaSsrc() != mediaSsrc) {
                    continue;
                }
                for (int i = 0; i < Nack.itemCount(p); i++) {
                    int pid = Nack.packetId(p, i);
                    seqs.add(pid);
                    for (int bit = 0; bit < 16; bit++) {
                        if ((Nack.lostBitmask(p, i) & (1 << bit)) != 0) {
                            seqs.add((pid + bit + 1) & 0xFFFF);
                        }
                    }
                }
            }
        }
        return seqs;
    }

    private static byte[] packetOfType(List<byte[]> compounds, int type) {
        RtcpPacket p = new RtcpPacket();
        for (byte[] bytes : compounds) {
            p.wrap(Unpooled.wrappedBuffer(bytes));
            while (p.next()) {
                if (p.packetType() == type) {
                    byte[] out = new byte[p.length()];
                    p.buffer().getBytes(p.offset(), out);
                    return out;
                }
            }
        }
        return null;
    }

    static byte[] nack(long mediaSsrc, int pid, int bitmask) {
        return ByteBuffer.allocate(16).put((byte) 0x81).put((byte) RtcpPacket.RTPFB).putShort((short) 3)
                .putInt(0x12345678).putInt((int) mediaSsrc).putShort((short) pid).putShort((short) bitmask).array();
    }

    private static byte[] receiverReport(long about, long lsr, long dlsr) {
        return ByteBuffer.allocate(32).put((byte) 0x81).put((byte) RtcpPacket.RR).putShort((short) 7)
                .putInt(0x12345678).putInt((int) about).putInt(0).putInt(0).putInt(0)
                .putInt((int) lsr).putInt((int) dlsr).array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer b = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> p.length).sum());
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }
}
