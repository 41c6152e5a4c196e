package io.parley.core.rooms;

/** A {@link RoomLimits} limit turned a member away; the message is what the client is told. */
public final class RoomLimitReached extends Exception {
    /** Which of the limits. */
    public enum Limit { ROOMS, PARTICIPANTS_PER_ROOM }

    private final Limit limit;

    RoomLimitReached(Limit limit, String message) {
        super(message, null, false, false);
        this.limit = limit;
    }

    public Limit limit() {
        return limit;
    }
}
