package io.parley.admin.signal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.parley.admin.auth.Grant;
import io.parley.admin.auth.Tokens;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fuzzes the signalling door as a token holder reaches it: a WebSocket session fed a sequence of
 * messages whose types and fields the fuzzer picks (a real Chromium offer among the SDPs). Runs in
 * an EmbeddedChannel whose own loop is also the rooms' loop, so everything is on this thread.
 * Contract: no exception leaves the pipeline, every reply is a JSON object, and once the socket
 * closes nothing of the session is left (no room, no session; buffers are the leak detector's).
 */
class SignalingFuzzTest {
    private static final List<String> TYPES = List.of("join", "offer", "mute", "muteRemote", "viewSize",
            "preferredLayer", "pin", "leave", "refresh");
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final EmbeddedSignaling SERVER = new EmbeddedSignaling();

    @FuzzTest(maxDuration = "60s")
    void messages(FuzzedDataProvider data) throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel();
        SignalingContext context = SERVER.context(channel);
        Tokens tokens = SERVER.tokens();
        channel.attr(SignalingHandler.GRANT).set(Grant.everything("fuzzer", tokens.now()));
        channel.pipeline().addLast(new SignalingHandler(context, tokens));
        channel.pipeline().fireUserEventTriggered(
                new WebSocketServerProtocolHandler.HandshakeComplete("/rtc", new DefaultHttpHeaders(), null));
        try {
            int messages = data.consumeInt(1, 12);
            for (int i = 0; i < messages && channel.isActive(); i++) {
                channel.writeInbound(new TextWebSocketFrame(message(data, tokens).toString()));
                channel.runPendingTasks();
                checkReplies(channel);
            }
        } finally {
            channel.close();
            channel.runPendingTasks();
            checkReplies(channel);
        }
        assertTrue(context.activeRooms().isEmpty(), "the room went with its only member");
        assertTrue(context.participantCount() == 0, "no session left");
    }

    private static ObjectNode message(FuzzedDataProvider data, Tokens tokens) {
        ObjectNode m = JSON.createObjectNode();
        m.put("type", data.consumeBoolean() ? TYPES.get(data.consumeInt(0, TYPES.size() - 1)) : data.consumeString(12));
        int fields = data.consumeInt(0, 6);
        for (int f = 0; f < fields; f++) {
            switch (data.consumeInt(0, 9)) {
                case 0 -> m.put("room", data.consumeBoolean() ? "fuzz" : data.consumeString(80));
                case 1 -> m.put("name", data.consumeString(80));
                case 2 -> m.put("sdp", data.consumeBoolean() ? SERVER.chromeOffer() : data.consumeString(2000));
                case 3 -> {
                    var subs = m.putArray("subscriptions");
                    for (int s = data.consumeInt(0, 3); s > 0; s--) {
                        subs.addObject().put("mid", data.consumeString(8)).put("trackId", data.consumeString(20));
                    }
                }
                case 4 -> m.put("kind", data.consumeBoolean() ? "video" : data.consumeString(8));
                case 5 -> m.put("muted", data.consumeBoolean());
                case 6 -> m.put("trackId", data.consumeString(20));
                case 7 -> m.put(data.pickValue(List.of("height", "spatial", "temporal")), data.consumeInt());
                case 8 -> m.put("pinned", data.consumeBoolean());
                default -> m.put("token", data.consumeBoolean()
                        ? tokens.issue(Grant.everything(data.consumeString(8), tokens.now())) : data.consumeString(40));
            }
        }
        return m;
    }

    private static void checkReplies(EmbeddedChannel channel) throws IOException {
        Object out;
        while ((out = channel.readOutbound()) != null) {
            try {
                if (out instanceof TextWebSocketFrame text) {
                    JsonNode reply = JSON.readTree(text.text());
                    assertTrue(reply.isObject() && reply.has("type"), "a reply is a typed JSON object: " + reply);
                }
            } finally {
                if (out instanceof WebSocketFrame frame) {
                    frame.release();
                }
            }
        }
    }
}
