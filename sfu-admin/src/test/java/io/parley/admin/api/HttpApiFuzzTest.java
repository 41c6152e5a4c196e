package io.parley.admin.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.parley.admin.auth.Grant;
import io.parley.admin.auth.Tokens;
import io.parley.admin.http.UriGuard;
import io.parley.admin.signal.EmbeddedSignaling;
import io.parley.admin.signal.SignalingContext;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fuzzes the WHIP/WHEP and admin HTTP doors: sequences of requests with fuzzer-chosen methods,
 * paths (real shapes with fuzzed segments, or ids a previous answer gave), tokens (admin for
 * every room or one, a participant's, an expired one, garbage) and bodies (a real Chromium offer
 * among them). Contract: every API request gets an HTTP answer with a status the API documents,
 * no exception leaves the pipeline, and nothing is left once the sessions are ended.
 */
class HttpApiFuzzTest {
    private static final Set<Integer> DOCUMENTED = Set.of(200, 201, 204, 400, 401, 403, 404, 405, 413, 415, 429,
            500, 503);
    @RegisterExtension
    static final EmbeddedSignaling SERVER = new EmbeddedSignaling();

    @FuzzTest(maxDuration = "60s")
    void requests(FuzzedDataProvider data) throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel();
        SignalingContext context = SERVER.context(channel);
        Tokens tokens = SERVER.tokens();
        channel.pipeline().addLast(new UriGuard(), new AdminApi(context, tokens), new WhipWhepApi(context, tokens));
        List<String> tokenChoices = List.of(
                tokens.issue(Grant.everything("ops", tokens.now())),
                tokens.issue(new Grant("host", "fuzz", tokens.now().plusSeconds(60), true, true, true, true)),
                tokens.issue(new Grant("user", "fuzz", tokens.now().plusSeconds(60), true, true, true, false)),
                tokens.issue(new Grant("late", "*", Instant.EPOCH.plusSeconds(1), true, true, true, true)));
        String lastId = "p0";
        try {
            int requests = data.consumeInt(1, 8);
            // An answer without keep-alive closes the connection, as it would for a real client.
            for (int i = 0; i < requests && channel.isActive(); i++) {
                String room = data.consumeBoolean() ? "fuzz" : data.consumeString(16);
                String id = data.consumeBoolean() ? lastId : data.consumeString(16);
                String path = switch (data.consumeInt(0, 8)) {
                    case 0 -> "/whip/" + room;
                    case 1 -> "/whip/" + room + "/" + id;
                    case 2 -> "/whep/" + room + "/" + id;
                    case 3 -> "/whep/" + room + "/" + id + "/" + data.consumeString(8);
                    case 4 -> "/admin/v1/rooms";
                    case 5 -> "/admin/v1/rooms/" + room;
                    case 6 -> "/admin/v1/rooms/" + room + "/participants/" + id;
                    case 7 -> "/admin/v1/rooms/" + room + "/participants/" + id + "/mute";
                    default -> "/" + data.consumeString(40);
                };
                String body = switch (data.consumeInt(0, 3)) {
                    case 0 -> SERVER.chromeOffer();
                    case 1 -> "{\"kind\":\"" + data.pickValue(List.of("audio", "video", "")) + "\",\"muted\":"
                            + data.consumeBoolean() + "}";
                    case 2 -> "";
                    default -> data.consumeString(400);
                };
                HttpMethod method = data.pickValue(List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.DELETE,
                        HttpMethod.PATCH, HttpMethod.PUT));
                boolean authorized = data.consumeBoolean();
                String token = data.consumeBoolean() ? data.pickValue(tokenChoices) : data.consumeString(30);
                String type = data.pickValue(List.of("application/sdp", "application/json", "text/plain"));
                FullHttpRequest request = null;
                try {
                    request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, path,
                            Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
                    if (authorized) {
                        request.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token);
                    }
                    request.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
                } catch (IllegalArgumentException notARequest) {
                    // Netty refuses to make it (a bad request line or header byte), and its decoder
                    // would not pass one on either.
                    ReferenceCountUtil.release(request);
                    continue;
                }
                channel.writeInbound(request);
                channel.runPendingTasks();
                String location = answer(channel, path);
                if (location != null) {
                    lastId = location.substring(location.lastIndexOf('/') + 1);
                }
            }
        } finally {
            context.terminateAll("fuzz input over");
            channel.runPendingTasks();
            channel.finishAndReleaseAll();
        }
        assertTrue(context.activeRooms().isEmpty(), "every session ended with its room");
    }

    /** Checks the answers a request got; returns the Location of one, if any. */
    private static String answer(EmbeddedChannel channel, String path) {
        Object passed;
        while ((passed = channel.readInbound()) != null) {
            ReferenceCountUtil.release(passed); // not an API path: the next handler's
        }
        String location = null;
        Object out;
        while ((out = channel.readOutbound()) != null) {
            try {
                assertTrue(out instanceof FullHttpResponse, "an HTTP answer: " + out);
                FullHttpResponse r = (FullHttpResponse) out;
                assertTrue(DOCUMENTED.contains(r.status().code()), r.status() + " for " + path);
                location = r.headers().get(HttpHeaderNames.LOCATION);
            } finally {
                ReferenceCountUtil.release(out);
            }
        }
        return location;
    }
}
