package io.parley.core.room;

import static io.parley.core.room.RoomFixtures.deliver;
import static io.parley.core.room.RoomFixtures.payloadOf;
import static io.parley.core.room.RoomFixtures.rtp;
import static io.parley.core.room.RoomFixtures.seq;
import static io.parley.core.room.RoomFixtures.timestamp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.parley.core.room.RoomFixtures.FakeTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * VP8 temporal scalability (RFC 7741 §4.2): a subscription thins one stream to a lower frame rate
 * by leaving out the frames of the upper temporal layers, and the subscriber still sees one
 * continuous stream. The publisher sends L1T3 as libwebrtc does: TIDs 0, 2, 1, 2 in groups of
 * four frames, Y set on the first TID 2 and TID 1 frames after each base frame (they reference
 * only the base layer), two packets per frame.
 */
class TemporalLayerTest {
    private static final long VIDEO_SSRC = 0x22222222L;
    private static final long BOB_SSRC = 0xB0BL;
    private static final RtpCodec VP8 = new RtpCodec(96, "VP8", 90000, 1, "");
    /** TID and Y of the frames of a group, from its base frame. */
    private static final int[] TIDS = {0, 2, 1, 2};
    private static final boolean[] SYNC = {false, true, true, false};

    private final Room room = new Room("test", ImmediateEventExecutor.INSTANCE, new PooledByteBufAllocator(false),
            MediaSettings.defaults(), RoomListener.NONE);
    private final FakeTransport bobOut = new FakeTransport();
    private final Participant alice = room.join("alice", "Alice", new FakeTransport());
    private final Participant bob = room.join("bob", "Bob", bobOut);
    private final Track video = room.publish(alice, "1", MediaKind.VIDEO, VP8, new long[] {VIDEO_SSRC});
    private final Subscription sub = room.subscribe(bob, video, BOB_SSRC, "1", VP8, ExtensionIds.NONE);

    /** The publisher's numbering, each near its wrap so that the tests cross it. */
    private int nextSeq = 65530;
    private int nextFrame;
    private int nextPicture = 0x7FFD;
    private int tl0 = 0xFE;

    @AfterEach
    void everyoneLeaves() {
        RoomFixtures.leaveAll(room);
    }

    @Test
    void withTheBaseLayerOnlyEveryFourthFrameArrivesAsAContinuousStream() {
        sub.setPreferredLayer(-1, 0);
        sendKeyframeAndGroups(2);

        assertEquals(List.of("0.0", "0.1", "4.0", "4.1", "8.0", "8.1"), received());
        assertContinuous(bobOut.rtp);
        assertEquals(18, room.counted(Counter.LEFT_OUT), "both packets of each of the 9 upper-layer frames");
        assertEquals(0, sub.currentTemporalLayer());
    }

    @Test
    void withTwoLayersEveryOtherFrameArrives() {
        sub.setPreferredLayer(-1, 1);
        sendKeyframeAndGroups(1);

        assertEquals(List.of("0.0", "0.1", "2.0", "2.1", "4.0", "4.1", "6.0", "6.1"), received());
        assertContinuous(bobOut.rtp);
        assertEquals(1, sub.currentTemporalLayer());
    }

    @Test
    void withoutAPreferenceEverythingArrivesUntouched() {
        sendKeyframeAndGroups(1);

        assertEquals(16, bobOut.rtp.size());
        assertContinuous(bobOut.rtp);
        assertEquals(0, room.counted(Counter.LEFT_OUT));
        assertEquals(2, sub.currentTemporalLayer());
    }

    @Test
    void aStepDownTakesEffectAtTheNextFrameNotInTheMiddleOfOne() {
        sendKeyframeAndGroups(0);
        sendFrames(1);
        byte[][] f5 = frame();
        deliver(room, alice, f5[0], false);
        sub.setPreferredLayer(-1, 0);
        deliver(room, alice, f5[1], false);
        assertEquals(2, sub.currentTemporalLayer(), "still inside frame 5");
        sendFrames(3);

        assertEquals(List.of("0.0", "0.1", "1.0", "1.1", "2.0", "2.1", "3.0", "3.1", "4.0", "4.1",
                "5.0", "5.1", "8.0", "8.1"), received(), "frame 5 completes; 6 and 7 are left out");
        assertContinuous(bobOut.rtp);
        assertEquals(0, sub.currentTemporalLayer());
    }

    @Test
    void aStepUpWaitsForALayerSyncFrame() {
        sub.setPreferredLayer(-1, 0);
        sendKeyframeAndGroups(0);
        sendFrames(3);
        sub.setPreferredLayer(-1, 2);
        // Frame 7 is TID 2 without Y: it references frame 6 (TID 1), which bob never got.
        sendFrames(5);

        assertEquals(List.of("0.0", "0.1", "4.0", "4.1", "8.0", "8.1", "9.0", "9.1", "10.0", "10.1", "11.0", "11.1"),
                received());
        assertContinuous(bobOut.rtp);
        assertEquals(2, sub.currentTemporalLayer());
    }

    @Test
    void aStepUpByOneLayerWaitsForASyncFrameOfThatLayer() {
        sub.setPreferredLayer(-1, 0);
        sendKeyframeAndGroups(0);
        sendFrames(3);
        sub.setPreferredLayer(-1, 1);
        // Frame 9 is a sync frame, but of TID 2, above the target; frame 10 (TID 1, Y) is the place.
        sendFrames(4);

        assertEquals(List.of("0.0", "0.1", "4.0", "4.1", "8.0", "8.1", "10.0", "10.1"), received());
        assertContinuous(bobOut.rtp);
        assertEquals(1, sub.currentTemporalLayer());
    }

    @Test
    void aSyncFrameWhoseFirstPacketWasAlreadyLeftOutIsNoPlaceToStepUp() {
        sub.setPreferredLayer(-1, 0);
        sendKeyframeAndGroups(0);
        sendFrames(1);
        byte[][] f5 = frame();
        deliver(room, alice, f5[0], false);
        sub.setPreferredLayer(-1, 2);
        deliver(room, alice, f5[1], false);
        sendFrames(2);

        assertEquals(List.of("0.0", "0.1", "4.0", "4.1", "6.0", "6.1"), received(),
                "half of frame 5 is useless; frame 6 (TID 1, Y) steps up, frame 7 (TID 2, no Y) must wait");
        assertContinuous(bobOut.rtp);
        assertEquals(1, sub.currentTemporalLayer());
    }

    @Test
    void aKeyframeMovesStraightToTheTargetLayer() {
        sub.setPreferredLayer(-1, 0);
        sendKeyframeAndGroups(0);
        sendFrames(1);
        sub.setPreferredLayer(-1, 2);
        sendFrame(0, false, true);
        assertEquals(2, sub.currentTemporalLayer(), "the keyframe references nothing");
        // Right after the keyframe, a TID 2 frame without Y: everything it may reference was sent.
        sendFrame(2, false, false);

        assertEquals(List.of("0.0", "0.1", "4.0", "4.1", "5.0", "5.1", "6.0", "6.1"), received());
        assertContinuous(bobOut.rtp);
    }

    @Test
    void paddingOnlyPacketsAreLeftOutAndCounted() {
        sendFrame(0, false, true);
        sendPadding();
        sendFrames(1);
        sendPadding();
        sendPadding();
        sendFrames(1);

        assertEquals(List.of("0.0", "0.1", "1.0", "1.1", "2.0", "2.1"), received());
        assertContinuous(bobOut.rtp);
        assertEquals(3, room.counted(Counter.LEFT_OUT));
    }

    @Test
    void aNackAfterSkipsResendsWhatFirstWentOutUnderThatNumber() {
        sub.setPreferredLayer(-1, 0);
        sendKeyframeAndGroups(1);
        assertEquals(List.of("0.0", "0.1", "4.0", "4.1"), received());
        List<byte[]> sent = new ArrayList<>(bobOut.rtp);

        // Bob lost the first packet of frame 0 (sent before any skip) and the second of frame 4
        // (sent after three frames' skips): PID of the first, bit 2 for the fourth.
        deliver(room, bob, LossRepairTest.nack(BOB_SSRC, seq(sent.get(0)), 0b100), true);

        assertEquals(6, bobOut.rtp.size());
        assertArrayEquals(sent.get(0), bobOut.rtp.get(4), "frame 0's first packet, as first sent");
        assertArrayEquals(sent.get(3), bobOut.rtp.get(5), "frame 4's second packet, as first sent");
        assertEquals(2, room.counted(Counter.RETRANSMITTED));
    }

    @Test
    void aBasePacketLostUpstreamAndRepairedAfterASkippedFrameReachesTheSubscriber() {
        // Bob gets the base layer only. Frame 4's second packet is lost on the way in; frames 5
        // to 7 are left out for bob; then the publisher's retransmission of the lost packet comes.
        sub.setPreferredLayer(-1, 0);
        sendKeyframeAndGroups(0);
        byte[][] f4 = frame();
        deliver(room, alice, f4[0], false);
        sendFrames(4);
        deliver(room, alice, f4[1], false);

        assertEquals(List.of("0.0", "0.1", "4.0", "8.0", "8.1", "4.1"), received(),
                "the repair is forwarded: bob has no other way to get it");
        byte[] repaired = bobOut.rtp.get(5);
        assertEquals((seq(bobOut.rtp.get(2)) + 1) & 0xFFFF, seq(repaired), "into the gap bob saw after frame 4");
        assertEquals(pictureId(bobOut.rtp.get(2)), pictureId(repaired), "with frame 4's PictureID");
    }

    @Test
    void aLatePacketOfAFrameLeftOutStaysOutAfterAStepUp() {
        sub.setPreferredLayer(-1, 0);
        sendKeyframeAndGroups(0);
        sendFrames(3);
        byte[][] frame7 = frame();
        deliver(room, alice, frame7[0], false);
        sub.setPreferredLayer(-1, 2);
        sendFrames(2);
        // The publisher's repair of frame 7's second packet: the frame was left out, so is this.
        deliver(room, alice, frame7[1], false);
        assertEquals(List.of("0.0", "0.1", "4.0", "4.1", "8.0", "8.1", "9.0", "9.1"), received());
    }

    @Test
    void aLatePacketOfAFrameSentGoesOutAfterAStepDown() {
        sendKeyframeAndGroups(0);
        sendFrames(1);
        byte[][] frame5 = frame();
        deliver(room, alice, frame5[0], false);
        sub.setPreferredLayer(-1, 0);
        sendFrames(3);
        // Frame 5's first packet went out: its repaired second packet completes it.
        deliver(room, alice, frame5[1], false);
        assertEquals(List.of("0.0", "0.1", "1.0", "1.1", "2.0", "2.1", "3.0", "3.1", "4.0", "4.1", "5.0", "8.0",
                "8.1", "5.1"), received());
    }

    /** A keyframe group (keyframe, 2 Y, 1 Y, 2), then {@code groups} more groups of four. */
    private void sendKeyframeAndGroups(int groups) {
        sendFrame(0, false, true);
        sendFrames(3 + 4 * groups);
    }

    /** The next {@code n} frames of the pattern. */
    private void sendFrames(int n) {
        for (int i = 0; i < n; i++) {
            int phase = nextFrame % 4;
            sendFrame(TIDS[phase], SYNC[phase], false);
        }
    }

    private void sendFrame(int tid, boolean sync, boolean keyframe) {
        for (byte[] p : frame(tid, sync, keyframe)) {
            deliver(room, alice, p, false);
        }
    }

    /** The next frame of the pattern, built but not sent. */
    private byte[][] frame() {
        int phase = nextFrame % 4;
        return frame(TIDS[phase], SYNC[phase], false);
    }

    /**
     * The two packets of the next frame: RFC 7741 descriptor (X, S on the first, partition 0; I,
     * L, T; 15-bit PictureID; TL0PICIDX; TID and Y), a VP8 payload header on the first (a 640x360
     * keyframe, or a delta), then a tag naming frame and packet.
     */
    private byte[][] frame(int tid, boolean sync, boolean keyframe) {
        if (tid == 0) {
            tl0 = (tl0 + 1) & 0xFF;
        }
        int n = nextFrame++;
        int picture = nextPicture;
        nextPicture = (nextPicture + 1) & 0x7FFF;
        long ts = 3000L * n;
        byte[][] packets = new byte[2][];
        for (int p = 0; p < 2; p++) {
            ByteBuffer b = ByteBuffer.allocate(32);
            b.put((byte) (p == 0 ? 0x90 : 0x80)).put((byte) 0xE0).putShort((short) (0x8000 | picture))
                    .put((byte) tl0).put((byte) (tid << 6 | (sync ? 0x20 : 0)));
            if (p == 0 && keyframe) {
                b.put(new byte[] {0x00, 0x00, 0x00, (byte) 0x9d, 0x01, 0x2a, (byte) 0x80, 0x02, 0x68, 0x01});
            } else if (p == 0) {
                b.put((byte) 0x01);
            } else {
                b.put((byte) 0x55);
            }
            b.putShort((short) n).put((byte) p);
            byte[] payload = new byte[b.position()];
            b.flip().get(payload);
            packets[p] = rtp(96, nextSeq, ts, VIDEO_SSRC, payload);
            nextSeq = (nextSeq + 1) & 0xFFFF;
        }
        return packets;
    }

    /** A padding-only packet (RFC 3550 §5.1 P bit, no payload), as a publisher probing its uplink sends. */
    private void sendPadding() {
        byte[] p = rtp(96, nextSeq, 3000L * (nextFrame - 1), VIDEO_SSRC, new byte[200]);
        p[0] |= 0x20;
        p[p.length - 1] = (byte) 200;
        nextSeq = (nextSeq + 1) & 0xFFFF;
        deliver(room, alice, p, false);
    }

    /** The frame and packet tags of what bob got, "frame.packet". */
    private List<String> received() {
        List<String> tags = new ArrayList<>();
        for (byte[] p : bobOut.rtp) {
            byte[] payload = payloadOf(p);
            int at = payload.length - 3;
            tags.add(ByteBuffer.wrap(payload).getShort(at) + "." + payload[at + 2]);
        }
        return tags;
    }

    private static int pictureId(byte[] rtp) {
        return ByteBuffer.wrap(payloadOf(rtp)).getShort(2) & 0x7FFF;
    }

    private static int tl0PicIdx(byte[] rtp) {
        return payloadOf(rtp)[4] & 0xFF;
    }

    /**
     * What a decoder needs to take the packets for one stream with nothing missing: consecutive
     * sequence numbers, PictureIDs going up by one per frame (same within one), timestamps going
     * forward with each frame, TL0PICIDX up by one at each base frame.
     */
    private static void assertContinuous(List<byte[]> packets) {
        for (int i = 1; i < packets.size(); i++) {
            byte[] prev = packets.get(i - 1);
            byte[] p = packets.get(i);
            assertEquals((seq(prev) + 1) & 0xFFFF, seq(p), "sequence number of packet " + i);
            boolean sameFrame = (payloadOf(p)[0] & 0x10) == 0;
            int pictureStep = (pictureId(p) - pictureId(prev)) & 0x7FFF;
            long timeStep = (timestamp(p) - timestamp(prev)) & 0xFFFFFFFFL;
            if (sameFrame) {
                assertEquals(0, pictureStep, "PictureID within a frame, packet " + i);
                assertEquals(0, timeStep, "timestamp within a frame, packet " + i);
                assertEquals(tl0PicIdx(prev), tl0PicIdx(p), "TL0PICIDX within a frame, packet " + i);
            } else {
                assertEquals(1, pictureStep, "PictureID of the frame starting at packet " + i);
                assertTrue(timeStep > 0 && timeStep < 0x80000000L, "timestamp goes forward at packet " + i);
                int tid = (payloadOf(p)[5] & 0xFF) >> 6;
                assertEquals(tid == 0 ? (tl0PicIdx(prev) + 1) & 0xFF : tl0PicIdx(prev), tl0PicIdx(p),
                        "TL0PICIDX of the frame starting at packet " + i);
            }
        }
    }
}
