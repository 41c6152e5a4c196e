package io.parley.core.rooms;

/**
 * The members' sessions as a room's timers reach them: signalling implements it, so that the rooms
 * can end a session or tell its participant something without knowing what a session is. Called
 * on the room's loop; implementations must not block.
 */
public interface MemberSessions {
    /** Ends the participant's session as if it had left; false if it has none. */
    boolean terminate(String participantId, String reason);

    /** Tells the participant what the server estimates its downlink takes. */
    void tellEstimate(String participantId, long estimateBps);
}
