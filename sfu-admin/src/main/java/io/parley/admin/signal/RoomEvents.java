package io.parley.admin.signal;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.room.Participant;
import io.parley.core.room.Room;
import io.parley.core.room.RoomListener;
import io.parley.core.room.Subscription;
import io.parley.core.room.Track;

/**
 * Tells a room's members what happens in it (docs/signaling.md): who joined or left, which tracks
 * were published, unpublished or muted, who speaks loudest; and a subscriber alone when one of its
 * videos is suspended. Runs on the room's loop.
 */
public final class RoomEvents implements RoomListener {
    private final SessionRegistry sessions;
    private final Messages messages;

    public RoomEvents(SessionRegistry sessions, Messages messages) {
        this.sessions = sessions;
        this.messages = messages;
    }

    @Override
    public void participantJoined(Room room, Participant participant) {
        tellOthers(room, participant, messages.ofType("participantJoined")
                .set("participant", messages.participant(participant)));
    }

    @Override
    public void participantLeft(Room room, Participant participant, String reason) {
        tellOthers(room, participant, messages.ofType("participantLeft").put("participantId", participant.id()));
    }

    @Override
    public void trackPublished(Room room, Track track) {
        tellOthers(room, track.publisher(), messages.ofType("trackPublished")
                .put("participantId", track.publisher().id())
                .set("track", messages.track(track)));
    }

    @Override
    public void trackUnpublished(Room room, Track track) {
        tellOthers(room, track.publisher(), messages.ofType("trackUnpublished")
                .put("participantId", track.publisher().id())
                .put("trackId", track.id()));
    }

    @Override
    public void trackMuted(Room room, Track track) {
        // The publisher hears of it too: it did not ask when an operator muted it.
        tellOthers(room, null, messages.ofType("trackMuted")
                .put("participantId", track.publisher().id())
                .put("trackId", track.id())
                .put("muted", track.isMuted())
                .put("byOperator", track.isMutedByOperator()));
    }

    @Override
    public void dominantSpeakerChanged(Room room, Participant speaker) {
        tellOthers(room, null, messages.ofType("dominantSpeaker").put("participantId", speaker.id()));
    }

    @Override
    public void subscriptionSuspended(Room room, Subscription subscription) {
        sessions.send(subscription.subscriber().id(), messages.ofType("videoSuspended")
                .put("trackId", subscription.track().id())
                .put("suspended", subscription.isSuspended()));
    }

    /** Sends to every member but {@code about} (null: to everyone). */
    private void tellOthers(Room room, Participant about, JsonNode message) {
        for (Participant p : room.participants()) {
            if (p != about) {
                sessions.send(p.id(), message);
            }
        }
    }
}
