package io.parley.core.room;

import static io.parley.core.room.RoomFixtures.deliver;
import static io.parley.core.room.RoomFixtures.rtp;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.parley.core.room.RoomFixtures.FakeTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sharing a subscriber's downlink estimate among what it receives (Participant.allocate): audio
 * first, then video by priority, each the best (spatial, temporal) layer that fits. The layers'
 * bitrates are measured from packets of known sizes over one exact second, so every expected
 * outcome below is computed from these numbers.
 */
class AllocationTest {
    private static final RtpCodec VP8 = new RtpCodec(96, "VP8", 90000, 1, "");
    private static final RtpCodec OPUS = new RtpCodec(111, "opus", 48000, 2, "");
    private static final long[] ALICE_VIDEO = {0x100L, 0x200L, 0x300L};
    private static final long[] CAROL_VIDEO = {0x400L, 0x500L, 0x600L};
    private static final long ALICE_AUDIO = 0x10L;
    private static final int[] HEIGHTS = {180, 360, 720};
    /**
     * What each temporal layer's frames alone take, bit/s, per simulcast layer. Up to each
     * temporal layer: 60k, 80k, 100k on layer 0; 180k, 240k, 300k on layer 1; 600k, 800k, 1000k
     * on layer 2.
     */
    private static final long[][] RATES = {
            {60_000, 20_000, 20_000},
            {180_000, 60_000, 60_000},
            {600_000, 200_000, 200_000}};
    private static final long AUDIO_RATE = 50_000;
    private static final int PACKET = 500;
    private static final long ONE_SECOND = 1_000_000_000L;

    private final List<String> events = new ArrayList<>();
    private final Room room = new Room("test", ImmediateEventExecutor.INSTANCE, new PooledByteBufAllocator(false),
            MediaSettings.defaults(), new RoomFixtures.RecordingListener(events));
    private final Participant alice = room.join("alice", "Alice", new FakeTransport());
    private final Participant carol = room.join("carol", "Carol", new FakeTransport());
    private final Participant bob = room.join("bob", "Bob", new FakeTransport());
    private final Track aliceVideo = room.publish(alice, "1", MediaKind.VIDEO, VP8, ALICE_VIDEO);
    private final Track carolVideo = room.publish(carol, "1", MediaKind.VIDEO, VP8, CAROL_VIDEO);
    private final Track aliceAudio = room.publish(alice, "0", MediaKind.AUDIO, OPUS, new long[] {ALICE_AUDIO});
    private final Map<Long, Integer> seqs = new HashMap<>();

    @AfterEach
    void everyoneLeaves() {
        RoomFixtures.leaveAll(room);
    }

    /** One video subscription, tile height (0: no limit), estimate → its layer/temporal layer. */
    record One(String name, long estimate, int tile, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<One> oneVideo() {
        return Stream.of(
                new One("ample bandwidth: the top layers", 2_000_000, 0, "2/2"),
                new One("exactly the top", 1_000_000, 0, "2/2"),
                new One("just short of the top: a lower frame rate first", 999_999, 0, "2/1"),
                new One("half the frame rate exactly", 800_000, 0, "2/1"),
                new One("below half the frame rate: the next resolution, at its full rate", 799_999, 0, "1/2"),
                new One("between layer 1's rates", 250_000, 0, "1/1"),
                new One("below layer 1 at half its frame rate", 239_999, 0, "0/2"),
                new One("layer 0 at two thirds of its rate", 90_000, 0, "0/1"),
                new One("layer 0 at its base rate", 70_000, 0, "0/0"),
                new One("too little for anything: the only video still gets the base", 10_000, 0, "0/0"),
                new One("nothing at all", 0, 0, "0/0"),
                new One("a 360 tile needs no more than layer 1", 2_000_000, 360, "1/2"),
                new One("a 180 tile, short even for that", 90_000, 180, "0/1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oneVideo")
    void oneVideoGetsTheBestLayersThatFit(One row) {
        Subscription sub = subscribe(aliceVideo, row.tile());
        measure();
        bob.allocate(row.estimate(), System.nanoTime());
        keyframes();
        assertEquals(row.expected(), allocation(sub));
    }

    /** Two video subscriptions (carol's subscribed first), tile heights, estimate → each one's allocation. */
    record Two(String name, long estimate, int aliceTile, int carolTile, String alice, String carol) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Two> twoVideos() {
        return Stream.of(
                new Two("room for both", 2_000_000, 720, 180, "2/2", "0/2"),
                new Two("just room for both", 1_100_000, 720, 180, "2/2", "0/2"),
                new Two("the larger tile first, though subscribed second", 1_050_000, 720, 180, "2/2", "suspended"),
                new Two("the rest exactly fits the smaller's base rate", 1_060_000, 720, 180, "2/2", "0/0"),
                new Two("the larger steps down its frame rate", 900_000, 720, 180, "2/1", "0/2"),
                new Two("the larger steps down its resolution", 700_000, 720, 180, "1/2", "0/2"),
                new Two("the other way round", 1_050_000, 180, 720, "suspended", "2/2"),
                new Two("equal tiles, no speaker: subscription order", 350_000, 360, 360, "suspended", "1/2"),
                new Two("too little for one: the first still gets its base", 50_000, 720, 180, "0/0", "suspended"),
                new Two("nothing at all", 0, 720, 180, "0/0", "suspended"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("twoVideos")
    void twoVideosAreServedLargestTileFirst(Two row) {
        Subscription carolSub = subscribe(carolVideo, row.carolTile());
        Subscription aliceSub = subscribe(aliceVideo, row.aliceTile());
        measure();
        bob.allocate(row.estimate(), System.nanoTime());
        keyframes();
        assertEquals(List.of(row.alice(), row.carol()), List.of(allocation(aliceSub), allocation(carolSub)));
    }

    @Test
    void layerBitratesAreMeasuredPerTemporalLayer() {
        measure();
        for (int layer = 0; layer < 3; layer++) {
            assertEquals(3, aliceVideo.temporalLayerCount(layer));
            long upTo = 0;
            for (int t = 0; t < 3; t++) {
                upTo += RATES[layer][t];
                assertEquals(upTo, aliceVideo.layerBitrateBps(layer, t), "layer " + layer + " up to TID " + t);
            }
            assertEquals(upTo, aliceVideo.layerBitrateBps(layer, Integer.MAX_VALUE));
        }
        assertEquals(AUDIO_RATE, aliceAudio.bitrateBps());
    }

    @Test
    void theDominantSpeakerGoesFirstEvenInASmallerTileAndAPinnedVideoBeforeIt() throws InterruptedException {
        speak();
        assertEquals(alice, room.dominantSpeaker());
        Subscription carolSub = subscribe(carolVideo, 720);
        Subscription aliceSub = subscribe(aliceVideo, 360);
        measure();
        bob.allocate(350_000, System.nanoTime());
        keyframes();
        assertEquals(List.of("1/2", "suspended"), List.of(allocation(aliceSub), allocation(carolSub)));

        carolSub.setPinned(true);
        bob.allocate(350_000, System.nanoTime());
        keyframes();
        assertEquals("suspended", allocation(aliceSub), "the pinned video goes first, even before the speaker");
        assertEquals("1/2", allocation(carolSub), "and gets what fits, as the speaker did");
    }

    @Test
    void audioIsServedFirst() {
        Subscription video = subscribe(aliceVideo, 0);
        room.subscribe(bob, aliceAudio, 0xA0L, "0", OPUS, ExtensionIds.NONE);
        measure();
        bob.allocate(1_040_000, System.nanoTime());
        keyframes();
        assertEquals("2/1", allocation(video), "990 kbit/s left after 50 for audio: not the 1000 of the top");
    }

    @Test
    void aMutedAudioTrackCostsNothing() {
        Subscription video = subscribe(aliceVideo, 0);
        room.subscribe(bob, aliceAudio, 0xA0L, "0", OPUS, ExtensionIds.NONE);
        measure();
        room.setMuted(aliceAudio, true);
        bob.allocate(1_040_000, System.nanoTime());
        keyframes();
        assertEquals("2/2", allocation(video));
    }

    @Test
    void aMutedVideoCostsNothing() {
        Subscription carolSub = subscribe(carolVideo, 720);
        Subscription aliceSub = subscribe(aliceVideo, 720);
        measure();
        bob.allocate(1_200_000, System.nanoTime());
        keyframes();
        assertEquals(List.of("0/2", "2/2"), List.of(allocation(aliceSub), allocation(carolSub)),
                "equal tiles: carol's, subscribed first, goes first");

        room.setMuted(carolVideo, true);
        bob.allocate(1_200_000, System.nanoTime());
        keyframes();
        assertEquals("2/2", allocation(aliceSub), "1150 kbit/s with the headroom for a step up: it fits");
    }

    @Test
    void aVideoTheSubscriberMutedCostsNothing() {
        Subscription carolSub = subscribe(carolVideo, 720);
        Subscription aliceSub = subscribe(aliceVideo, 720);
        measure();
        carolSub.setMuted(true);
        bob.allocate(1_000_000, System.nanoTime());
        keyframes();
        assertEquals("2/2", allocation(aliceSub));
    }

    @Test
    void steppingUpNeedsHeadroomButStayingDoesNot() {
        Subscription sub = subscribe(aliceVideo, 0);
        measure();
        bob.allocate(350_000, System.nanoTime());
        keyframes();
        assertEquals("1/2", allocation(sub));

        // 800 kbit/s for layer 2 at half rate fits in 850, but a step up needs 920.
        bob.allocate(850_000, System.nanoTime());
        keyframes();
        assertEquals("1/2", allocation(sub), "850k: no step up");
        bob.allocate(919_000, System.nanoTime());
        keyframes();
        assertEquals("1/2", allocation(sub), "919k: no step up");
        bob.allocate(921_000, System.nanoTime());
        keyframes();
        assertEquals("2/1", allocation(sub), "921k: up");

        bob.allocate(850_000, System.nanoTime());
        keyframes();
        assertEquals("2/1", allocation(sub), "850k: already there, it stays");
        // The full frame rate (1000k) needs 1150k to step up to, temporal steps included.
        bob.allocate(1_149_000, System.nanoTime());
        keyframes();
        assertEquals("2/1", allocation(sub), "1149k: no step up");
        bob.allocate(1_151_000, System.nanoTime());
        keyframes();
        assertEquals("2/2", allocation(sub), "1151k: up");
        bob.allocate(1_000_000, System.nanoTime());
        keyframes();
        assertEquals("2/2", allocation(sub), "1000k: already there, it stays");
        bob.allocate(999_999, System.nanoTime());
        keyframes();
        assertEquals("2/1", allocation(sub), "a little less: down at once");
    }

    @Test
    void aSuspendedVideoResumesOnlyWithHeadroom() {
        Subscription carolSub = subscribe(carolVideo, 180);
        Subscription aliceSub = subscribe(aliceVideo, 720);
        measure();
        bob.allocate(1_050_000, System.nanoTime());
        keyframes();
        assertEquals("suspended", allocation(carolSub));

        // 110k left: layer 0 at 100k would fit, but resuming is a step up (115k needed); 80k
        // with headroom (92k) fits.
        bob.allocate(1_110_000, System.nanoTime());
        keyframes();
        assertEquals(List.of("2/2", "0/1"), List.of(allocation(aliceSub), allocation(carolSub)));
        assertEquals(List.of("suspended bob <- " + carolVideo.id(), "resumed bob <- " + carolVideo.id()),
                events.stream().filter(e -> e.startsWith("suspended") || e.startsWith("resumed")).toList(),
                "the subscriber hears of both, once each");
    }

    private Subscription subscribe(Track track, int tile) {
        Subscription s = room.subscribe(bob, track, room.newSsrc(), track.publisher().id(), VP8, ExtensionIds.NONE);
        s.setMaxHeight(tile);
        return s;
    }

    /**
     * One second's worth of both videos and alice's audio at {@link #RATES}, from a keyframe on
     * every layer, then the sample that turns it into bit/s. Subscriptions end up on the layer
     * their tile wants, at its full frame rate.
     */
    private void measure() {
        for (Track t : List.of(aliceVideo, carolVideo)) {
            long[] ssrcs = t == aliceVideo ? ALICE_VIDEO : CAROL_VIDEO;
            for (int layer = 0; layer < 3; layer++) {
                for (int tid = 0; tid < 3; tid++) {
                    for (long bytes = 0; bytes < RATES[layer][tid] / 8; bytes += PACKET) {
                        boolean keyframe = tid == 0 && bytes == 0;
                        send(t.publisher(), ssrcs[layer], video(tid, keyframe ? HEIGHTS[layer] : 0, PACKET));
                    }
                }
            }
            t.sampleBitrate(ONE_SECOND);
        }
        for (long bytes = 0; bytes < AUDIO_RATE / 8; bytes += 250) {
            send(alice, ALICE_AUDIO, null);
        }
        aliceAudio.sampleBitrate(ONE_SECOND);
    }

    /** A keyframe on every layer of both videos: subscriptions switch to their targets. */
    private void keyframes() {
        for (int layer = 0; layer < 3; layer++) {
            send(alice, ALICE_VIDEO[layer], video(0, HEIGHTS[layer], 40));
            send(carol, CAROL_VIDEO[layer], video(0, HEIGHTS[layer], 40));
        }
    }

    /**
     * What a subscription gets once the keyframes came: "layer/temporal layer", or "suspended".
     */
    private static String allocation(Subscription s) {
        if (s.isSuspended()) {
            assertEquals(-1, s.targetLayer(), "suspended: no target");
            assertEquals(-1, s.currentLayer(), "suspended: nothing forwarded");
            return "suspended";
        }
        assertEquals(s.targetLayer(), s.currentLayer(), "switched at the keyframe");
        return s.currentLayer() + "/" + s.currentTemporalLayer();
    }

    /** Fifty packets at RFC 6464 level 0 (loudest) and a speaker check 300 ms later. */
    private void speak() throws InterruptedException {
        alice.setExtensions(new ExtensionIds(0, 0, 0, 1));
        int seq = seqs.getOrDefault(ALICE_AUDIO, 0);
        for (int i = 0; i < 50; i++) {
            deliver(room, alice, RoomFixtures.rtpWithAudioLevel(ALICE_AUDIO, ++seq, 0), false);
        }
        Thread.sleep(DominantSpeaker.CHECK_INTERVAL_NANOS / 1_000_000 + 10);
        deliver(room, alice, RoomFixtures.rtpWithAudioLevel(ALICE_AUDIO, ++seq, 0), false);
        seqs.put(ALICE_AUDIO, seq);
    }

    /** The next packet of a stream (seqs holds the last one sent): {@code payload}, or 250 bytes of audio when null. */
    private void send(Participant from, long ssrc, byte[] payload) {
        int seq = seqs.merge(ssrc, 1, Integer::sum);
        byte[] p = payload == null
                ? rtp(111, seq, 960L * seq, ssrc, new byte[250 - 12])
                : rtp(96, seq, 3000L * seq, ssrc, payload);
        deliver(room, from, p, false);
    }

    /**
     * A VP8 payload for a packet of {@code length} bytes in all: descriptor with T (RFC 7741
     * §4.2) starting a frame of temporal layer {@code tid}, then a keyframe header announcing
     * {@code height} (16:9), or a delta when height is 0.
     */
    private static byte[] video(int tid, int height, int length) {
        ByteBuffer b = ByteBuffer.allocate(length - 12);
        b.put((byte) 0x90).put((byte) 0x20).put((byte) (tid << 6));
        if (height > 0) {
            int width = height * 16 / 9;
            b.put(new byte[] {0x00, 0x00, 0x00, (byte) 0x9d, 0x01, 0x2a})
                    .put((byte) width).put((byte) (width >> 8)).put((byte) height).put((byte) (height >> 8));
        } else {
            b.put((byte) 0x01);
        }
        return b.array();
    }
}
