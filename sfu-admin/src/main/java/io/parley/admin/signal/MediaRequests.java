package io.parley.admin.signal;

import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.room.Participant;
import io.parley.core.room.Subscription;
import io.parley.core.room.Track;

/**
 * What a participant asks of the media it sends and receives (docs/signaling.md): {@code mute} of
 * its own microphone or camera, and per remote track {@code muteRemote}, {@code viewSize},
 * {@code preferredLayer} and {@code pin}. Each request is checked where it arrives and carried out
 * on the room's loop.
 */
final class MediaRequests {
    private static final int MAX_VIEW_HEIGHT = 8192;
    /** Far above any real simulcast or temporal layer count, low enough to catch garbage. */
    private static final int MAX_LAYER = 15;

    /** The session the requests come from. */
    interface Origin {
        void sendError(String code, String message);

        /** Runs the task on the room's loop with the session's participant; answers not-joined before a join. */
        void onParticipant(Consumer<Participant> task);
    }

    private final Origin origin;

    MediaRequests(Origin origin) {
        this.origin = origin;
    }

    /** The participant mutes its own microphone or camera for everyone. */
    void mute(JsonNode message) {
        String kind = message.path("kind").asText("");
        JsonNode muted = message.path("muted");
        if (!kind.equals("audio") && !kind.equals("video") || !muted.isBoolean()) {
            origin.sendError("bad-request", "mute needs kind audio|video and muted true|false");
            return;
        }
        origin.onParticipant(participant -> {
            for (Track t : participant.tracks()) {
                if (t.kind().sdpName().equals(kind) && !participant.room().setMuted(t, muted.booleanValue())) {
                    origin.sendError("forbidden", "an operator muted your " + kind + "; only an operator can unmute it");
                }
            }
        });
    }

    /** The participant stops or resumes receiving one remote track, for itself only. */
    void muteRemote(JsonNode message) {
        String trackId = message.path("trackId").asText("");
        JsonNode muted = message.path("muted");
        if (trackId.isEmpty() || !muted.isBoolean()) {
            origin.sendError("bad-request", "muteRemote needs trackId and muted true|false");
            return;
        }
        onSubscription(trackId, s -> s.setMuted(muted.booleanValue()));
    }

    /**
     * How large the participant shows one remote video (its tile height in device pixels): the
     * server sends the smallest simulcast layer that fills it.
     */
    void viewSize(JsonNode message) {
        String trackId = message.path("trackId").asText("");
        JsonNode height = message.path("height");
        if (trackId.isEmpty() || !height.canConvertToInt() || height.asInt() < 0 || height.asInt() > MAX_VIEW_HEIGHT) {
            origin.sendError("bad-request", "viewSize needs trackId and height 0.." + MAX_VIEW_HEIGHT + " (0: no limit)");
            return;
        }
        onSubscription(trackId, s -> s.setMaxHeight(height.asInt()));
    }

    /**
     * The quality the participant chose for one remote video, e.g. low to save data whatever the
     * tile size: a ceiling on top of viewSize and the bandwidth allocation.
     */
    void preferredLayer(JsonNode message) {
        String trackId = message.path("trackId").asText("");
        JsonNode spatial = message.path("spatial");
        JsonNode temporal = message.path("temporal");
        if (trackId.isEmpty() || !isLayer(spatial) || !isLayer(temporal)) {
            origin.sendError("bad-request", "preferredLayer needs trackId, and spatial and temporal as integers -1.."
                    + MAX_LAYER + " (-1 or absent: no limit)");
            return;
        }
        onSubscription(trackId, s -> s.setPreferredLayer(spatial.asInt(-1), temporal.asInt(-1)));
    }

    void pin(JsonNode message) {
        String trackId = message.path("trackId").asText("");
        JsonNode pinned = message.path("pinned");
        if (trackId.isEmpty() || !pinned.isBoolean()) {
            origin.sendError("bad-request", "pin needs trackId and pinned (true or false)");
            return;
        }
        onSubscription(trackId, s -> s.setPinned(pinned.booleanValue()));
    }

    private static boolean isLayer(JsonNode n) {
        return n.isMissingNode() || n.isInt() && n.intValue() >= -1 && n.intValue() <= MAX_LAYER;
    }

    /** Runs on the room's loop with the participant's subscription to a track, if it has one. */
    private void onSubscription(String trackId, Consumer<Subscription> task) {
        origin.onParticipant(participant -> {
            Subscription s = participant.subscriptionTo(trackId);
            if (s == null) {
                origin.sendError("bad-request", "not subscribed to " + trackId);
            } else {
                task.accept(s);
            }
        });
    }
}
