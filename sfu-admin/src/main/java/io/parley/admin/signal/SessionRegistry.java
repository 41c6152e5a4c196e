package io.parley.admin.signal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.rooms.MemberSessions;

/**
 * The participants' sessions by participant id, from the moment a session has its place in a room
 * until it gives the place back. The rooms' timers end sessions and tell them estimates through it.
 */
public final class SessionRegistry implements MemberSessions {
    private final Messages messages;
    private final Map<String, Session> byId = new ConcurrentHashMap<>();

    public SessionRegistry(Messages messages) {
        this.messages = messages;
    }

    /** The participant's session, or null. */
    Session get(String participantId) {
        return byId.get(participantId);
    }

    void register(String participantId, Session session) {
        byId.put(participantId, session);
    }

    void unregister(String participantId) {
        byId.remove(participantId);
    }

    /** Sessions with a participant. */
    int count() {
        return byId.size();
    }

    /** Tells the participant's session, if it has one. */
    void send(String participantId, JsonNode message) {
        Session s = byId.get(participantId);
        if (s != null) {
            s.send(message);
        }
    }

    /** Sends every session the same message. */
    void tellEveryone(JsonNode message) {
        for (Session s : byId.values()) {
            s.send(message);
        }
    }

    /** Ends every session (server shutdown): participants leave, transports are freed. */
    void terminateAll(String reason) {
        for (Session s : byId.values()) {
            s.terminate(reason);
        }
    }

    @Override
    public boolean terminate(String participantId, String reason) {
        Session s = byId.get(participantId);
        if (s == null) {
            return false;
        }
        s.terminate(reason);
        return true;
    }

    @Override
    public void tellEstimate(String participantId, long estimateBps) {
        Session s = byId.get(participantId);
        if (s != null) {
            s.send(messages.ofType("bandwidth").put("estimateBps", estimateBps));
        }
    }
}
