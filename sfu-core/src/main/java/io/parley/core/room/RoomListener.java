package io.parley.core.room;

/**
 * What a room tells the outside (signalling) about its membership. Called on the room's event
 * loop; implementations must not block.
 */
public interface RoomListener {
    void participantJoined(Room room, Participant participant);

    void participantLeft(Room room, Participant participant, String reason);

    void trackPublished(Room room, Track track);

    void trackUnpublished(Room room, Track track);

    /** The publisher muted or unmuted the track for everyone. */
    void trackMuted(Room room, Track track);

    /** Someone else is now the loudest speaker of the room. */
    void dominantSpeakerChanged(Room room, Participant speaker);

    /**
     * A subscriber's link can no longer take one of its videos (suspended), or can again: the
     * subscriber only is told, so that it does not take the frozen picture for a fault.
     */
    void subscriptionSuspended(Room room, Subscription subscription);

    RoomListener NONE = new RoomListener() {
        @Override
        public void participantJoined(Room room, Participant participant) {
        }

        @Override
        public void participantLeft(Room room, Participant participant, String reason) {
        }

        @Override
        public void trackPublished(Room room, Track track) {
        }

        @Override
        public void trackUnpublished(Room room, Track track) {
        }

        @Override
        public void trackMuted(Room room, Track track) {
        }

        @Override
        public void dominantSpeakerChanged(Room room, Participant speaker) {
        }

        @Override
        public void subscriptionSuspended(Room room, Subscription subscription) {
        }
    };
}
