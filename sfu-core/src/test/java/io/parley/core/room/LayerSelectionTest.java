package io.parley.core.room;

import static io.parley.core.room.RoomFixtures.deliver;
import static io.parley.core.room.RoomFixtures.rtp;
import static io.parley.core.room.RoomFixtures.seq;
import static io.parley.core.room.RoomFixtures.ssrc;
import static io.parley.core.room.RoomFixtures.timestamp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.parley.core.room.RoomFixtures.FakeTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Simulcast: each subscriber gets the layer it asked for, switching only at that layer's keyframes. */
class LayerSelectionTest {
    /** Three layers, lowest first, as an SSRC group declares them. */
    private static final long[] SSRCS = {0x100L, 0x200L, 0x300L};
    private static final int[] HEIGHTS = {180, 360, 720};
    private static final RtpCodec VP8 = new RtpCodec(96, "VP8", 90000, 1, "");

    private final Room room = new Room("test", ImmediateEventExecutor.INSTANCE, new PooledByteBufAllocator(false),
            MediaSettings.defaults(), RoomListener.NONE);
    private final FakeTransport aliceOut = new FakeTransport();
    private final FakeTransport bobOut = new FakeTransport();
    private final Participant alice = room.join("alice", "Alice", aliceOut);
    private final Participant bob = room.join("bob", "Bob", bobOut);
    private final int[] seqs = {1000, 2000, 3000};

    @AfterEach
    void everyoneLeaves() {
        RoomFixtures.leaveAll(room);
    }

    @Test
    void aSubscriberGetsTheTopLayerThenSwitchesDownExactlyAtAKeyframeWithoutAGap() throws InterruptedException {
        Track video = room.publish(alice, "1", MediaKind.VIDEO, VP8, SSRCS);
        Subscription sub = room.subscribe(bob, video, 0xB0BL, "1", VP8, ExtensionIds.NONE);
        frame(true, 0);
        assertEquals(2, sub.currentLayer(), "no wish: the top layer, from its keyframe");
        assertEquals(2, payloadLayer(bobOut.rtp.get(bobOut.rtp.size() - 1)));

        Thread.sleep(KeyframeRequests.INTERVAL_NANOS / 1_000_000 + 10);
        aliceOut.rtcp.clear();
        bobOut.rtp.clear();
        sub.setMaxHeight(180);
        assertEquals(0, sub.targetLayer(), "a 180-pixel tile: the smallest layer that fills it");
        assertEquals(List.of(SSRCS[0]), plis(aliceOut), "a keyframe is asked for on the target layer only");
        frame(false, 3000);
        assertEquals(2, sub.currentLayer(), "deltas of the target layer are no place to switch");
        frame(true, 6000);
        assertEquals(0, sub.currentLayer(), "switched at the keyframe");

        List<byte[]> got = bobOut.rtp;
        for (int i = 1; i < got.size(); i++) {
            assertEquals((seq(got.get(i - 1)) + 1) & 0xFFFF, seq(got.get(i)), "no gap at packet " + i);
            assertTrue(((timestamp(got.get(i)) - timestamp(got.get(i - 1))) & 0xFFFFFFFFL) < 0x80000000L,
                    "timestamps never go back");
            assertEquals(0xB0BL, ssrc(got.get(i)), "one SSRC for the subscriber");
        }
        int firstLow = 0;
        while (payloadLayer(got.get(firstLow)) != 0) {
            firstLow++;
        }
        assertEquals(3, firstLow, "the top layer's delta frame, then the low layer from its keyframe");
        assertTrue(got.subList(firstLow, got.size()).stream().allMatch(p -> payloadLayer(p) == 0));
    }

    @Test
    void aLargeTileGetsTheLayerThatFillsItAndAPausedLayerIsLeftForTheNextOneDown() throws InterruptedException {
        Track video = room.publish(alice, "1", MediaKind.VIDEO, VP8, SSRCS);
        Subscription sub = room.subscribe(bob, video, 0xB0BL, "1", VP8, ExtensionIds.NONE);
        frame(true, 0);
        sub.setMaxHeight(300);
        frame(true, 3000);
        assertEquals(1, sub.currentLayer(), "360 is the smallest layer that fills 300");

        // The publisher stops its middle and top layers (short uplink): after a second without
        // packets they are paused, and the subscription falls back to what still flows.
        for (int i = 0; i < 12; i++) {
            Thread.sleep(100);
            send(0, false, 6000 + 3000L * i);
        }
        room.tick();
        Thread.sleep(TimedWork.LAYER_CHECK_NANOS / 1_000_000 + 10);
        room.tick();
        assertEquals(0, sub.targetLayer());
        send(0, true, 50000);
        assertEquals(0, sub.currentLayer());
    }

    @Test
    void ridsNameTheLayersOfStreamsThatArriveUndeclared() {
        alice.setExtensions(new ExtensionIds(4, 10, 0, 0));
        Track video = room.publish(alice, "1", MediaKind.VIDEO, VP8, new long[0], List.of("q", "h", "f"));
        deliver(room, alice, withMidAndRid(0x777L, "h"), false);
        deliver(room, alice, withMidAndRid(0x555L, "q"), false);
        assertEquals(0x555L, video.layerSsrc(0));
        assertEquals(0x777L, video.layerSsrc(1));
        assertEquals(-1, video.layerSsrc(2));
    }

    /** One keyframe or delta on every layer, three packets each. */
    private void frame(boolean keyframe, long ts) {
        for (int layer = 0; layer < 3; layer++) {
            for (int p = 0; p < 3; p++) {
                send(layer, keyframe && p == 0, ts);
            }
        }
    }

    private void send(int layer, boolean keyframe, long ts) {
        deliver(room, alice, rtp(96, seqs[layer]++, ts + 1000L * layer, SSRCS[layer], vp8(layer, keyframe)), false);
    }

    /** VP8 payload (RFC 7741): descriptor, then a keyframe header with the layer's size, or a delta. */
    private static byte[] vp8(int layer, boolean keyframe) {
        ByteBuffer b = ByteBuffer.allocate(16);
        b.put((byte) 0x10);
        if (keyframe) {
            b.put((byte) 0x00).put((byte) 0).put((byte) 0).put((byte) 0x9d).put((byte) 0x01).put((byte) 0x2a);
            b.put((byte) (HEIGHTS[layer] * 16 / 9)).put((byte) ((HEIGHTS[layer] * 16 / 9) >> 8));
            b.put((byte) HEIGHTS[layer]).put((byte) (HEIGHTS[layer] >> 8));
        } else {
            b.put((byte) 0x01);
        }
        b.position(15);
        b.put((byte) layer);
        return b.array();
    }

    private static int payloadLayer(byte[] rtp) {
        return rtp[rtp.length - 1];
    }

    private static List<Long> plis(FakeTransport out) {
        return out.rtcp.stream().filter(p -> (p[1] & 0xFF) == 206 && (p[0] & 0x1F) == 1)
                .map(RoomFixtures::pliMediaSsrc).toList();
    }

    private static byte[] withMidAndRid(long ssrc, String rid) {
        byte[] r = rid.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(12 + 4 + 8 + 2);
        b.put((byte) 0x90).put((byte) 96).putShort((short) 1).putInt(0).putInt((int) ssrc)
                .putShort((short) 0xBEDE).putShort((short) 2)
                .put((byte) 0x40).put((byte) '1')
                .put((byte) ((10 << 4) | (r.length - 1))).put(r);
        b.position(24);
        b.put((byte) 0x10).put((byte) 0x01);
        return b.array();
    }
}
