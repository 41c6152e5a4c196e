package io.parley.core.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.parley.core.room.Counter;
import io.parley.core.room.ExtensionIds;
import io.parley.core.room.MediaKind;
import io.parley.core.room.MediaSettings;
import io.parley.core.room.Participant;
import io.parley.core.room.Room;
import io.parley.core.room.RoomListener;
import io.parley.core.room.RtpCodec;
import io.parley.core.testing.TestPeer;
import io.parley.core.room.Track;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The timers on an EmbeddedChannel's loop with its clock frozen: time moves when a test says. */
class RoomTimersTest {
    private static final RtpCodec OPUS = new RtpCodec(111, "opus", 48000, 2, "");
    private static final Duration SILENCE = Duration.ofMillis(5);

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final Room room = new Room("timed", channel.eventLoop(), new PooledByteBufAllocator(false),
            MediaSettings.defaults(), RoomListener.NONE);
    private final RecordingSessions sessions = new RecordingSessions();

    RoomTimersTest() {
        channel.freezeTime();
    }

    @AfterEach
    void close() {
        for (Participant p : new ArrayList<>(room.participants())) {
            room.leave(p, "test over");
        }
        channel.finishAndReleaseAll();
    }

    private void advance(long millis) {
        channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
    }

    @Test
    void theRoomTicksEveryTickInterval() {
        new RoomTimers(sessions, Duration.ofSeconds(15)).start(room);
        channel.advanceTimeBy(Room.TICK_NANOS - 1, TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
        assertEquals(0, room.counted(Counter.TICKS));

        channel.advanceTimeBy(1, TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
        assertEquals(1, room.counted(Counter.TICKS));
    }

    @Test
    void onceASecondAParticipantGoneQuietIsEndedThroughItsSessionOrTakenOutWithout() throws InterruptedException {
        room.join("withSession", "W", TestPeer.quiet());
        room.join("withoutSession", "O", TestPeer.quiet());
        room.join("talking", "T", TestPeer.talking());
        sessions.open.add("withSession");
        new RoomTimers(sessions, SILENCE).start(room);
        Thread.sleep(4 * SILENCE.toMillis());

        advance(999);
        assertEquals(List.of(), sessions.asked, "not a second yet");
        assertEquals(3, room.participants().size());

        advance(1);
        assertEquals(List.of("terminate withSession: no media or keep-alive for 0 s"), sessions.asked);
        assertNotNull(room.participant("withSession"), "its session takes it out");
        assertNull(room.participant("withoutSession"), "nobody else would");
        assertNotNull(room.participant("talking"));
    }

    @Test
    void theSilenceReasonNamesTheTimeoutInSeconds() throws InterruptedException {
        room.join("p", "P", TestPeer.quiet());
        sessions.open.add("p");
        new RoomTimers(sessions, Duration.ofSeconds(1)).start(room);
        Thread.sleep(1_100);

        advance(1_000);
        assertEquals(List.of("terminate p: no media or keep-alive for 1 s"), sessions.asked);
    }

    @Test
    void onceASecondEachSubscriberIsToldItsEstimate() {
        Participant publisher = room.join("pub", "Pub", TestPeer.talking());
        Participant subscriber = room.join("sub", "Sub", TestPeer.talking());
        Track audio = room.publish(publisher, "0", MediaKind.AUDIO, OPUS, new long[] {0x11111111L});
        room.subscribe(subscriber, audio, 0x22222222L, "0", OPUS, new ExtensionIds(0, 0, 0, 0));
        new RoomTimers(sessions, Duration.ofSeconds(15)).start(room);

        advance(1_000);
        assertEquals(List.of("estimate sub " + subscriber.sendEstimateBps()), sessions.asked,
                "the publisher receives nothing, so it has nothing to hear");
        advance(1_000);
        assertEquals(2, sessions.asked.size());
    }

    @Test
    void stoppedTimersRunNoMore() {
        room.join("p", "P", TestPeer.quiet());
        sessions.open.add("p");
        new RoomTimers(sessions, SILENCE).start(room).stop();

        advance(2_000);
        assertEquals(0, room.counted(Counter.TICKS));
        assertTrue(sessions.asked.isEmpty());
    }

    @Test
    void aSessionThatThrowsDoesNotStopTheTimers() throws InterruptedException {
        room.join("p", "P", TestPeer.quiet());
        List<String> calls = new ArrayList<>();
        MemberSessions failingOnce = new MemberSessions() {
            @Override
            public boolean terminate(String participantId, String reason) {
                calls.add(participantId);
                if (calls.size() == 1) {
                    throw new IllegalStateException("a session's fault");
                }
                return true;
            }

            @Override
            public void tellEstimate(String participantId, long estimateBps) {
            }
        };
        new RoomTimers(failingOnce, SILENCE).start(room);
        Thread.sleep(4 * SILENCE.toMillis());

        advance(1_000);
        advance(1_000);
        assertEquals(List.of("p", "p"), calls, "the next second tried again");
    }

    @Test
    void oneSessionThatThrowsDoesNotKeepTheOthersFromBeingEnded() throws InterruptedException {
        room.join("a", "A", TestPeer.quiet());
        room.join("b", "B", TestPeer.quiet());
        List<String> ended = new ArrayList<>();
        MemberSessions aFails = new MemberSessions() {
            @Override
            public boolean terminate(String participantId, String reason) {
                if (participantId.equals("a")) {
                    throw new IllegalStateException("a's session is broken");
                }
                ended.add(participantId);
                return true;
            }

            @Override
            public void tellEstimate(String participantId, long estimateBps) {
            }
        };
        new RoomTimers(aFails, SILENCE).start(room);
        Thread.sleep(4 * SILENCE.toMillis());

        advance(1_000);
        assertEquals(List.of("b"), ended, "b was ended in the same second a's session threw");
    }
}
