package io.parley.core.room;

import static io.parley.core.room.RoomFixtures.VP8_DELTA;
import static io.parley.core.room.RoomFixtures.VP8_KEYFRAME;
import static io.parley.core.room.RoomFixtures.deliver;
import static io.parley.core.room.RoomFixtures.extension;
import static io.parley.core.room.RoomFixtures.leaveAll;
import static io.parley.core.room.RoomFixtures.oneByteExtension;
import static io.parley.core.room.RoomFixtures.payloadOf;
import static io.parley.core.room.RoomFixtures.pli;
import static io.parley.core.room.RoomFixtures.pliMediaSsrc;
import static io.parley.core.room.RoomFixtures.rtp;
import static io.parley.core.room.RoomFixtures.rtpWithAudioLevel;
import static io.parley.core.room.RoomFixtures.rtpWithMid;
import static io.parley.core.room.RoomFixtures.seq;
import static io.parley.core.room.RoomFixtures.ssrc;
import static io.parley.core.room.RoomFixtures.timestamp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.parley.core.room.RoomFixtures.FakeTransport;
import io.parley.core.room.RoomFixtures.RecordingListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RoomTest {
    private static final long ALICE_AUDIO_SSRC = 0x11111111L;
    private static final long ALICE_VIDEO_SSRC = 0x22222222L;

    private final List<String> events = new ArrayList<>();
    private final Room room = new Room("test", ImmediateEventExecutor.INSTANCE, new PooledByteBufAllocator(false),
            MediaSettings.defaults(),
            new RecordingListener(events));

    @AfterEach
    void everyoneLeaves() {
        leaveAll(room);
    }

    @Test
    void forwardsEachPacketRewrittenForTheSubscriber() {
        FakeTransport aliceOut = new FakeTransport();
        FakeTransport bobOut = new FakeTransport();
        Participant alice = room.join("alice", "Alice", aliceOut);
        Participant bob = room.join("bob", "Bob", bobOut);
        Track audio = room.publish(alice, "0", MediaKind.AUDIO, new RtpCodec(111, "opus", 48000, 2, ""),
                new long[] {ALICE_AUDIO_SSRC});
        room.subscribe(bob, audio, 0xABCDEF01L, "7", new RtpCodec(109, "opus", 48000, 2, ""),
                new ExtensionIds(3, 0, 0, 0));

        byte[] payload = "hello opus".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 5; i++) {
            send(alice, rtp(111, 65533 + i, 1000L + 960L * i, ALICE_AUDIO_SSRC, payload));
        }

        assertEquals(5, bobOut.rtp.size());
        int firstSeq = seq(bobOut.rtp.get(0));
        for (int i = 0; i < 5; i++) {
            byte[] p = bobOut.rtp.get(i);
            assertEquals(109, p[1] & 0x7F, "subscriber's payload type");
            assertEquals(0xABCDEF01L, ssrc(p), "subscriber's SSRC");
            assertEquals((firstSeq + i) & 0xFFFF, seq(p), "sequence continues across the wrap");
            assertEquals(960L * i, (timestamp(p) - timestamp(bobOut.rtp.get(0))) & 0xFFFFFFFFL, "timestamp spacing kept");
            assertArrayEquals(payload, payloadOf(p));
            assertEquals("7", oneByteExtension(p, 3), "mid extension carries the subscriber's mid");
        }
        assertTrue(aliceOut.rtp.isEmpty(), "nothing echoes back to the publisher");
    }

    /**
     * A repeating task that throws is cancelled by its event loop for good: one peer whose state
     * makes the tick throw must not end reports, feedback and allocation for the whole room.
     */
    @Test
    void aTickThatThrowsIsCountedAndTheRoomGoesOn() {
        FakeTransport broken = new FakeTransport() {
            @Override
            public void sendRtcp(ByteBuf packet) {
                packet.release();
                throw new IllegalStateException("a bug on one peer's path");
            }
        };
        Participant alice = room.join("alice", "Alice", broken);
        alice.setExtensions(new ExtensionIds(0, 0, 0, 0, 5, 0));
        room.publish(alice, "0", MediaKind.AUDIO, new RtpCodec(111, "opus", 48000, 2, ""), new long[] {ALICE_AUDIO_SSRC});
        // Transport-wide sequence number 1 (extension 5): the tick owes Alice feedback about it.
        send(alice, rtpWithMid(111, 1, 960, ALICE_AUDIO_SSRC, 5, "\u0000\u0001", new byte[10]));
        room.tick();
        assertEquals(1, room.counted(Counter.TICK_FAILURES), "the feedback to Alice threw");
    }

    @Test
    void countsMalformedAndUnknownPackets() {
        Participant alice = room.join("alice", "Alice", new FakeTransport());
        send(alice, new byte[] {(byte) 0x80, 0x60, 0x00});
        send(alice, rtp(111, 1, 1, 0x99999999L, new byte[4]));
        assertEquals(1, room.drops(DropReason.MALFORMED_RTP));
        assertEquals(1, room.drops(DropReason.UNKNOWN_SSRC));
    }

    @Test
    void learnsTheSsrcOfAnUndeclaredStreamFromTheMidExtension() {
        Participant alice = room.join("alice", "Alice", new FakeTransport());
        FakeTransport bobOut = new FakeTransport();
        Participant bob = room.join("bob", "Bob", bobOut);
        alice.setExtensions(new ExtensionIds(4, 0, 0, 0));
        Track video = room.publish(alice, "1", MediaKind.VIDEO, new RtpCodec(96, "VP8", 90000, 1, ""), new long[0]);
        room.subscribe(bob, video, 0x5555L, "1", new RtpCodec(96, "VP8", 90000, 1, ""), ExtensionIds.NONE);

        send(alice, rtpWithMid(96, 10, 0, ALICE_VIDEO_SSRC, 4, "1", VP8_KEYFRAME));
        send(alice, rtp(96, 11, 0, ALICE_VIDEO_SSRC, VP8_DELTA));

        assertEquals(ALICE_VIDEO_SSRC, video.layerSsrc(0));
        assertEquals(2, bobOut.rtp.size());
    }

    @Test
    void keyframeRequestsFromManySubscribersBecomeOneUpstreamPli() {
        FakeTransport aliceOut = new FakeTransport();
        Participant alice = room.join("alice", "Alice", aliceOut);
        Track video = room.publish(alice, "1", MediaKind.VIDEO, new RtpCodec(96, "VP8", 90000, 1, ""),
                new long[] {ALICE_VIDEO_SSRC});
        List<Participant> subscribers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Participant s = room.join("s" + i, "S" + i, new FakeTransport());
            room.subscribe(s, video, 0x1000L + i, "1", video.codec(), ExtensionIds.NONE);
            subscribers.add(s);
        }
        int afterSubscribing = aliceOut.rtcp.size();
        assertEquals(1, afterSubscribing, "subscribing asks for one keyframe, however many subscribe at once");
        assertEquals(ALICE_VIDEO_SSRC, pliMediaSsrc(aliceOut.rtcp.get(0)));

        for (int i = 0; i < 50; i++) {
            send(subscribers.get(i), pli(0x1000L + i), true);
        }
        assertEquals(afterSubscribing, aliceOut.rtcp.size(), "requests within 300 ms of the last are absorbed");
    }

    @Test
    void aNewSubscriberStartsAtAKeyframeAndAnUnansweredRequestIsRepeated() throws InterruptedException {
        FakeTransport aliceOut = new FakeTransport();
        Participant alice = room.join("alice", "Alice", aliceOut);
        FakeTransport bobOut = new FakeTransport();
        Participant bob = room.join("bob", "Bob", bobOut);
        Track video = room.publish(alice, "1", MediaKind.VIDEO, new RtpCodec(96, "VP8", 90000, 1, ""),
                new long[] {ALICE_VIDEO_SSRC});
        room.subscribe(bob, video, 0xB0BL, "1", video.codec(), ExtensionIds.NONE);
        assertEquals(1, aliceOut.rtcp.size(), "a keyframe is requested for the new subscriber");

        send(alice, rtp(96, 1, 0, ALICE_VIDEO_SSRC, VP8_DELTA));
        assertEquals(1, aliceOut.rtcp.size(), "no repeat within the interval");
        Thread.sleep(KeyframeRequests.INTERVAL_NANOS / 1_000_000 + 10);
        send(alice, rtp(96, 2, 3000, ALICE_VIDEO_SSRC, VP8_DELTA));
        assertEquals(2, aliceOut.rtcp.size(), "the keyframe did not come: asked again");
        assertEquals(ALICE_VIDEO_SSRC, pliMediaSsrc(aliceOut.rtcp.get(1)));
        assertTrue(bobOut.rtp.isEmpty(), "deltas the decoder cannot use are not sent");

        send(alice, rtp(96, 3, 6000, ALICE_VIDEO_SSRC, VP8_KEYFRAME));
        send(alice, rtp(96, 4, 9000, ALICE_VIDEO_SSRC, VP8_DELTA));
        Thread.sleep(KeyframeRequests.INTERVAL_NANOS / 1_000_000 + 10);
        send(alice, rtp(96, 5, 12000, ALICE_VIDEO_SSRC, VP8_DELTA));
        assertEquals(3, bobOut.rtp.size(), "from the keyframe on, everything flows");
        assertEquals(2, aliceOut.rtcp.size(), "answered requests are not repeated");
    }

    @Test
    void aRequestInsideTheIntervalIsSentWhenItEnds() throws InterruptedException {
        FakeTransport aliceOut = new FakeTransport();
        Participant alice = room.join("alice", "Alice", aliceOut);
        Participant bob = room.join("bob", "Bob", new FakeTransport());
        Track video = room.publish(alice, "1", MediaKind.VIDEO, new RtpCodec(96, "VP8", 90000, 1, ""),
                new long[] {ALICE_VIDEO_SSRC});
        room.subscribe(bob, video, 0xB0BL, "1", video.codec(), ExtensionIds.NONE);
        send(alice, rtp(96, 1, 0, ALICE_VIDEO_SSRC, VP8_KEYFRAME));
        send(bob, pli(0xB0BL), true);
        assertEquals(1, aliceOut.rtcp.size(), "throttled");
        Thread.sleep(KeyframeRequests.INTERVAL_NANOS / 1_000_000 + 10);
        send(alice, rtp(96, 2, 3000, ALICE_VIDEO_SSRC, VP8_DELTA));
        assertEquals(2, aliceOut.rtcp.size(), "but not forgotten");
    }

    @Test
    void leavingRemovesTracksAndSubscriptionsAndTellsTheOthers() {
        Participant alice = room.join("alice", "Alice", new FakeTransport());
        FakeTransport bobOut = new FakeTransport();
        Participant bob = room.join("bob", "Bob", bobOut);
        Track audio = room.publish(alice, "0", MediaKind.AUDIO, new RtpCodec(111, "opus", 48000, 2, ""),
                new long[] {ALICE_AUDIO_SSRC});
        room.subscribe(bob, audio, 0x77L, "0", audio.codec(), ExtensionIds.NONE);

        room.leave(alice, "left");

        assertTrue(bob.subscriptions().isEmpty());
        assertEquals(List.of("joined alice", "joined bob", "published alice-0", "unpublished alice-0", "left alice"),
                events);
        send(alice, rtp(111, 1, 1, ALICE_AUDIO_SSRC, new byte[2]));
        assertEquals(1, room.drops(DropReason.NOT_JOINED));
        assertTrue(bobOut.rtp.isEmpty());
    }

    @Test
    void aSubscriberMuteStopsOnlyItsCopyAndResumesWithoutAGap() throws InterruptedException {
        FakeTransport aliceOut = new FakeTransport();
        Participant alice = room.join("alice", "Alice", aliceOut);
        FakeTransport bobOut = new FakeTransport();
        FakeTransport carolOut = new FakeTransport();
        Participant bob = room.join("bob", "Bob", bobOut);
        Participant carol = room.join("carol", "Carol", carolOut);
        Track video = room.publish(alice, "1", MediaKind.VIDEO, new RtpCodec(96, "VP8", 90000, 1, ""),
                new long[] {ALICE_VIDEO_SSRC});
        Subscription bobSub = room.subscribe(bob, video, 0xB0BL, "1", video.codec(), ExtensionIds.NONE);
        room.subscribe(carol, video, 0xCA4L, "1", video.codec(), ExtensionIds.NONE);
        int plisBefore = aliceOut.rtcp.size();

        send(alice, rtp(96, 100, 9000, ALICE_VIDEO_SSRC, VP8_KEYFRAME));
        bobSub.setMuted(true);
        for (int i = 1; i <= 10; i++) {
            send(alice, rtp(96, 100 + i, 9000 + 3000L * i, ALICE_VIDEO_SSRC, VP8_DELTA));
        }
        Thread.sleep(KeyframeRequests.INTERVAL_NANOS / 1_000_000 + 10);
        bobSub.setMuted(false);
        assertEquals(plisBefore + 1, aliceOut.rtcp.size(), "unmuting video asks for a keyframe");
        send(alice, rtp(96, 111, 42000, ALICE_VIDEO_SSRC, VP8_DELTA));
        send(alice, rtp(96, 112, 45000, ALICE_VIDEO_SSRC, VP8_KEYFRAME));

        assertEquals(13, carolOut.rtp.size(), "the others keep receiving");
        assertEquals(2, bobOut.rtp.size(), "nothing reached bob while muted, nor before the keyframe");
        assertArrayEquals(VP8_KEYFRAME, payloadOf(bobOut.rtp.get(1)), "bob resumes at the keyframe");
        assertEquals((seq(bobOut.rtp.get(0)) + 1) & 0xFFFF, seq(bobOut.rtp.get(1)), "no gap after unmuting");
        assertTrue(((timestamp(bobOut.rtp.get(1)) - timestamp(bobOut.rtp.get(0))) & 0xFFFFFFFFL) < 0x80000000L,
                "timestamps stay monotonic");
    }

    @Test
    void aPublisherMuteStopsEveryoneAndIsAnnounced() {
        Participant alice = room.join("alice", "Alice", new FakeTransport());
        FakeTransport bobOut = new FakeTransport();
        Participant bob = room.join("bob", "Bob", bobOut);
        Track audio = room.publish(alice, "0", MediaKind.AUDIO, new RtpCodec(111, "opus", 48000, 2, ""),
                new long[] {ALICE_AUDIO_SSRC});
        room.subscribe(bob, audio, 0x77L, "0", audio.codec(), ExtensionIds.NONE);
        send(alice, rtp(111, 1, 960, ALICE_AUDIO_SSRC, new byte[2]));
        room.setMuted(audio, true);
        send(alice, rtp(111, 2, 1920, ALICE_AUDIO_SSRC, new byte[2]));
        room.setMuted(audio, false);
        send(alice, rtp(111, 50, 48000, ALICE_AUDIO_SSRC, new byte[2]));
        assertEquals(2, bobOut.rtp.size());
        assertEquals((seq(bobOut.rtp.get(0)) + 1) & 0xFFFF, seq(bobOut.rtp.get(1)));
        assertTrue(events.contains("muted alice-0") && events.contains("unmuted alice-0"), events.toString());
    }

    @Test
    void anOperatorMuteCannotBeUndoneByThePublisher() {
        Participant alice = room.join("alice", "Alice", new FakeTransport());
        Track audio = room.publish(alice, "0", MediaKind.AUDIO, new RtpCodec(111, "opus", 48000, 2, ""),
                new long[] {ALICE_AUDIO_SSRC});
        room.setMutedByOperator(audio, true);
        assertTrue(audio.isMuted());
        assertFalse(room.setMuted(audio, false), "the publisher's unmute is refused");
        assertTrue(audio.isMuted());
        room.setMutedByOperator(audio, false);
        assertFalse(audio.isMuted());
        assertTrue(room.setMuted(audio, true), "and afterwards the publisher mutes as usual");
    }

    @Test
    void theLoudestParticipantBecomesDominantSpeakerWithoutFlapping() throws InterruptedException {
        Participant alice = room.join("alice", "Alice", new FakeTransport());
        Participant bob = room.join("bob", "Bob", new FakeTransport());
        alice.setExtensions(new ExtensionIds(0, 0, 0, 1));
        bob.setExtensions(new ExtensionIds(0, 0, 0, 1));
        room.publish(alice, "0", MediaKind.AUDIO, new RtpCodec(111, "opus", 48000, 2, ""), new long[] {1});
        room.publish(bob, "0", MediaKind.AUDIO, new RtpCodec(111, "opus", 48000, 2, ""), new long[] {2});

        speak(alice, 1, 20, 0);
        speak(bob, 2, 110, 0);
        assertEquals(alice, room.dominantSpeaker(), "-20 dBov beats -110 dBov");

        speak(alice, 1, 25, 100);
        speak(bob, 2, 22, 100);
        assertEquals(alice, room.dominantSpeaker(), "a little louder is not enough to take over");

        speak(alice, 1, 127, 200);
        speak(bob, 2, 10, 200);
        assertEquals(bob, room.dominantSpeaker());
        assertEquals(List.of("speaker alice", "speaker bob"),
                events.stream().filter(e -> e.startsWith("speaker")).toList());
    }

    /** 50 packets (one second of 20 ms Opus frames) at one RFC 6464 level, then a speaker check. */
    private void speak(Participant who, long ssrc, int level, int firstSeq) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            send(who, rtpWithAudioLevel(ssrc, firstSeq + i, level));
        }
        Thread.sleep(DominantSpeaker.CHECK_INTERVAL_NANOS / 1_000_000 + 10);
        send(who, rtpWithAudioLevel(ssrc, firstSeq + 50, level));
    }

    @Test
    void participantsSilentForLongerThanTheTimeoutAreReported() throws InterruptedException {
        FakeTransport quiet = new FakeTransport();
        FakeTransport lively = new FakeTransport();
        Participant q = room.join("quiet", "Quiet", quiet);
        room.join("lively", "Lively", lively);
        Thread.sleep(30);
        lively.lastActivity = System.nanoTime();
        assertEquals(List.of(q), room.silentParticipants(20_000_000L));
        assertTrue(room.silentParticipants(10_000_000_000L).isEmpty(), "joining counts as activity");
    }

    private void send(Participant from, byte[] packet) {
        send(from, packet, false);
    }

    private void send(Participant from, byte[] packet, boolean rtcp) {
        deliver(room, from, packet, rtcp);
    }
}
