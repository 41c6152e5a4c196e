package io.parley.admin.signal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One participant's control channel: a WebSocket ({@link SignalingSession}) or an HTTP resource
 * (WHIP/WHEP, {@link HttpSession}), which has no way to push messages.
 */
interface Session {
    /** Tells the participant something; dropped where the channel cannot push. */
    void send(JsonNode message);

    /** Removes the participant and frees its transport. Safe from any thread, idempotent. */
    void terminate(String reason);
}
