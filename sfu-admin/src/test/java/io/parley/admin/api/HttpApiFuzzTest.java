package io.parley.admin.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.netty.buffer.PooledByteBufAllocator;
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
import io.parley.admin.config.ConfigLoader;
import io.parley.admin.http.UriGuard;
import io.parley.admin.metrics.Refusals;
import io.parley.admin.signal.Admission;
import io.parley.admin.signal.SignalingContext;
import io.parley.core.room.MediaSettings;
import io.parley.core.room.RoomMetrics;
import io.parley.transport.SendLoss;
import io.parley.transport.TransportStats;
import io.parley.transport.dtls.CertificateRotation;
import io.parley.transport.ice.IceEndpoint;
import io.parley.transport.ice.IceSettings;
import io.parley.transport.sdp.CodecPolicy;
import io.parley.transport.sdp.Negotiator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the WHIP/WHEP and admin HTTP doors: sequences of requests with fuzzer-chosen methods,
 * paths (real shapes with fuzzed segments, or ids a previous answer gave), tokens (admin for
 * every room or one, a participant's, an expired one, garbage) and bodies (a real Chromium offer
 * among them). Contract: every API request gets an HTTP answer with a status the API documents,
 * no exception leaves the pipeline, and nothing is left once the sessions are ended.
 */
class HttpApiFuzzTest {
    private static final String SECRET = "fuzz-secret-0123456789abcdef-0123456789";
    private static final Set<Integer> DOCUMENTED = Set.of(200, 201, 204, 400, 401, 403, 404, 405, 413, 415, 429,
            500, 503);
    private static final PooledByteBufAllocator BUFFERS = new PooledByteBufAllocator(false);
    private static IceEndpoint ice;
    private static CertificateRotation certificates;
    private static String chromeOffer;

    @BeforeAll
    static void shared() throws IOException {
        // Bound to loopback and never sent from: nobody answers its agents' (unsent) checks.
        ice = new IceEndpoint(new IceSettings(0, "127.0.0.1", ""));
        certificates = new CertificateRotation("fuzz", Duration.ofDays(1), Clock.systemUTC());
        try (InputStream in = HttpApiFuzzTest.class.getResourceAsStream("/offers/chrome-156-simulcast-offer.sdp")) {
            chromeOffer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @AfterAll
    static void closeShared() {
        ice.close();
    }

    @FuzzTest(maxDuration = "60s")
    void requests(FuzzedDataProvider data) throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel();
        var limits = ConfigLoader.load(Map.of("PARLEY_AUTH_SECRET", SECRET), ConfigFactory.empty()).limits();
        SignalingContext context = new SignalingContext(channel.eventLoop(), BUFFERS, new ObjectMapper(),
                new Negotiator(CodecPolicy.defaults()), ice, certificates, Runnable::run, Duration.ofMillis(50),
                Duration.ofSeconds(15), new TransportStats(), MediaSettings.defaults(), RoomMetrics.NONE,
                new Admission(limits, new Refusals()), SendLoss.NONE);
        Tokens tokens = new Tokens(SECRET, Clock.systemUTC());
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
                    case 0 -> chromeOffer;
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
