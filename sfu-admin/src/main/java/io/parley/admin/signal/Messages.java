package io.parley.admin.signal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.admin.auth.TurnCredentials;
import io.parley.core.room.Participant;
import io.parley.core.room.Track;

/** Builds the server-to-client messages of the signalling protocol (docs/signaling.md). */
public final class Messages {
    private final ObjectMapper json;

    public Messages(ObjectMapper json) {
        this.json = json;
    }

    ObjectMapper json() {
        return json;
    }

    ObjectNode ofType(String type) {
        return json.createObjectNode().put("type", type);
    }

    /** {@code iceServers} of the {@code joined} message, as RTCPeerConnection takes them (W3C WebRTC §4.2.1). */
    void putIceServers(ObjectNode message, TurnCredentials.IceServer server) {
        ObjectNode entry = message.putArray("iceServers").addObject();
        var urls = entry.putArray("urls");
        for (String url : server.urls()) {
            urls.add(url);
        }
        entry.put("username", server.username()).put("credential", server.credential());
    }

    ObjectNode participant(Participant p) {
        ObjectNode node = json.createObjectNode().put("id", p.id()).put("name", p.name());
        ArrayNode tracks = node.putArray("tracks");
        for (Track t : p.tracks()) {
            tracks.add(track(t));
        }
        return node;
    }

    ObjectNode track(Track t) {
        return json.createObjectNode().put("id", t.id()).put("kind", t.kind().sdpName()).put("muted", t.isMuted());
    }

    ObjectNode error(String code, String message) {
        return ofType("error").put("code", code).put("message", message);
    }
}
