package io.parley.admin.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.parley.core.room.ExtensionIds;
import io.parley.core.room.MediaKind;
import io.parley.core.room.MediaSettings;
import io.parley.core.room.Participant;
import io.parley.core.room.Room;
import io.parley.core.room.RoomListener;
import io.parley.core.room.RtpCodec;
import io.parley.core.room.Subscription;
import io.parley.core.room.Track;
import io.parley.core.testing.TestPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Requests from a session whose participant, once joined, is {@code bob}, subscribed to alice's audio. */
class MediaRequestsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RtpCodec OPUS = new RtpCodec(111, "opus", 48000, 2, "");

    private final Room room = new Room("media", ImmediateEventExecutor.INSTANCE, new PooledByteBufAllocator(false),
            MediaSettings.defaults(), RoomListener.NONE);
    private final Participant alice = room.join("alice", "Alice", TestPeer.quiet());
    private final Participant bob = room.join("bob", "Bob", TestPeer.quiet());
    private final Track aliceAudio = room.publish(alice, "0", MediaKind.AUDIO, OPUS, new long[] {0x11111111L});
    private final Track bobAudio = room.publish(bob, "0", MediaKind.AUDIO, OPUS, new long[] {0x22222222L});
    private final Subscription subscription = room.subscribe(bob, aliceAudio, 0x33333333L, "1", OPUS,
            new ExtensionIds(0, 0, 0, 0));
    private final List<String> replies = new ArrayList<>();
    private boolean joined = true;
    private final MediaRequests requests = new MediaRequests(new MediaRequests.Origin() {
        @Override
        public void sendError(String code, String message) {
            replies.add(code + ": " + message);
        }

        @Override
        public void onParticipant(Consumer<Participant> task) {
            if (joined) {
                task.accept(bob);
            } else {
                replies.add("not-joined");
            }
        }
    });

    @AfterEach
    void everyoneLeaves() {
        room.leave(bob, "test over");
        room.leave(alice, "test over");
    }

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    @Test
    void malformedRequestsAreAnsweredBeforeTheRoomIsAsked() throws IOException {
        joined = false;
        requests.mute(json("{\"kind\":\"screen\",\"muted\":true}"));
        requests.muteRemote(json("{\"muted\":true}"));
        requests.viewSize(json("{\"trackId\":\"t\",\"height\":8193}"));
        requests.preferredLayer(json("{\"trackId\":\"t\",\"spatial\":16}"));
        requests.pin(json("{\"trackId\":\"t\",\"pinned\":\"yes\"}"));

        assertEquals(List.of("bad-request: mute needs kind audio|video and muted true|false",
                "bad-request: muteRemote needs trackId and muted true|false",
                "bad-request: viewSize needs trackId and height 0..8192 (0: no limit)",
                "bad-request: preferredLayer needs trackId, and spatial and temporal as integers -1..15"
                        + " (-1 or absent: no limit)",
                "bad-request: pin needs trackId and pinned (true or false)"), replies);
    }

    @Test
    void aWellFormedRequestBeforeAJoinIsLeftToTheSession() throws IOException {
        joined = false;
        requests.pin(json("{\"trackId\":\"t\",\"pinned\":true}"));
        assertEquals(List.of("not-joined"), replies);
    }

    @Test
    void requestsReachTheParticipantsSubscription() throws IOException {
        String track = "\"trackId\":\"" + aliceAudio.id() + "\"";
        requests.muteRemote(json("{" + track + ",\"muted\":true}"));
        requests.pin(json("{" + track + ",\"pinned\":true}"));
        requests.viewSize(json("{" + track + ",\"height\":360}"));
        requests.preferredLayer(json("{" + track + ",\"spatial\":0,\"temporal\":-1}"));

        assertTrue(subscription.isMuted());
        assertTrue(subscription.isPinned());
        assertEquals(List.of(), replies);
        assertFalse(aliceAudio.isMuted(), "muted for bob only");
    }

    @Test
    void aTrackTheParticipantDoesNotReceiveIsNamed() throws IOException {
        requests.viewSize(json("{\"trackId\":\"nope\",\"height\":360}"));
        assertEquals(List.of("bad-request: not subscribed to nope"), replies);
    }

    @Test
    void theParticipantMutesItsOwnTracksButCannotLiftAnOperatorsMute() throws IOException {
        requests.mute(json("{\"kind\":\"audio\",\"muted\":true}"));
        assertTrue(bobAudio.isMuted());

        room.setMutedByOperator(bobAudio, true);
        requests.mute(json("{\"kind\":\"audio\",\"muted\":false}"));
        assertTrue(bobAudio.isMuted());
        assertEquals(List.of("forbidden: an operator muted your audio; only an operator can unmute it"), replies);
    }
}
