package io.parley.core.room;

import io.netty.buffer.ByteBuf;

/** A participant's media, straight from its transport into its room. */
public final class ParticipantInput implements MediaInput {
    private final Room room;
    private final Participant participant;

    public ParticipantInput(Room room, Participant participant) {
        this.room = room;
        this.participant = participant;
    }

    @Override
    public void onRtp(ByteBuf packet, long arrivalNanos) {
        room.onRtp(participant, packet, arrivalNanos);
    }

    @Override
    public void onRtcp(ByteBuf packet) {
        room.onRtcp(participant, packet);
    }

    /** Every subscription asks for a keyframe, so the subscriber's video starts at once. */
    @Override
    public void onConnected() {
        for (Subscription s : participant.subscriptions()) {
            s.requestKeyframe();
        }
    }
}
