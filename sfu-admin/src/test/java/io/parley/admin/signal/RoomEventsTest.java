package io.parley.admin.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.parley.core.room.MediaKind;
import io.parley.core.room.MediaSettings;
import io.parley.core.room.Participant;
import io.parley.core.room.Room;
import io.parley.core.room.RtpCodec;
import io.parley.core.room.Track;
import io.parley.core.testing.TestPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RoomEventsTest {
    private static final RtpCodec OPUS = new RtpCodec(111, "opus", 48000, 2, "");

    private final Messages messages = new Messages(new ObjectMapper());
    private final SessionRegistry sessions = new SessionRegistry(messages);
    private final Room room = new Room("events", ImmediateEventExecutor.INSTANCE, new PooledByteBufAllocator(false),
            MediaSettings.defaults(), new RoomEvents(sessions, messages));
    private final Heard alice = new Heard();
    private final Heard bob = new Heard();

    @AfterEach
    void everyoneLeaves() {
        for (Participant p : new ArrayList<>(room.participants())) {
            room.leave(p, "test over");
        }
    }

    private Participant join(String id, Heard session) {
        sessions.register(id, session);
        return room.join(id, id, TestPeer.quiet());
    }

    @Test
    void membersHearOfOthersJoiningPublishingAndLeavingButNotOfThemselves() {
        Participant a = join("alice", alice);
        join("bob", bob);
        Track audio = room.publish(a, "0", MediaKind.AUDIO, OPUS, new long[] {0x11111111L});
        room.leave(room.participant("bob"), "left");

        assertEquals(List.of("{\"type\":\"participantJoined\",\"participant\":{\"id\":\"bob\",\"name\":\"bob\","
                + "\"tracks\":[]}}", "{\"type\":\"participantLeft\",\"participantId\":\"bob\"}"), alice.heard);
        assertEquals(List.of("{\"type\":\"trackPublished\",\"participantId\":\"alice\",\"track\":{\"id\":\""
                + audio.id() + "\",\"kind\":\"audio\",\"muted\":false}}"), bob.heard);
    }

    @Test
    void everyoneHearsOfAMuteThePublisherToo() {
        Participant a = join("alice", alice);
        join("bob", bob);
        Track audio = room.publish(a, "0", MediaKind.AUDIO, OPUS, new long[] {0x11111111L});
        alice.heard.clear();
        bob.heard.clear();

        room.setMutedByOperator(audio, true);
        String muted = "{\"type\":\"trackMuted\",\"participantId\":\"alice\",\"trackId\":\"" + audio.id()
                + "\",\"muted\":true,\"byOperator\":true}";
        assertEquals(List.of(muted), alice.heard);
        assertEquals(List.of(muted), bob.heard);
    }

    @Test
    void aMemberWithoutASessionIsPassedOver() {
        Participant a = join("alice", alice);
        Participant whip = room.join("whip", "whip", TestPeer.quiet());
        room.publish(whip, "0", MediaKind.AUDIO, OPUS, new long[] {0x11111111L});
        room.publish(a, "1", MediaKind.AUDIO, OPUS, new long[] {0x22222222L});

        assertEquals(2, alice.heard.size(), "whip's joining and publishing; whip itself has no one to tell");
        assertTrue(alice.heard.get(1).contains("\"type\":\"trackPublished\",\"participantId\":\"whip\""));
    }

    /** A session that writes down what it was told. */
    private static final class Heard implements Session {
        final List<String> heard = new ArrayList<>();

        @Override
        public void send(JsonNode message) {
            heard.add(message.toString());
        }

        @Override
        public void terminate(String reason) {
        }
    }
}
