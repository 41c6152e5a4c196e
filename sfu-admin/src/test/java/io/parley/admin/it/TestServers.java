package io.parley.admin.it;

import java.util.HashMap;
import java.util.Map;

import com.typesafe.config.ConfigFactory;
import io.parley.admin.ParleyServer;
import io.parley.admin.auth.Grant;
import io.parley.admin.config.ConfigLoader;
import io.parley.transport.OutboundDecorator;

/** Starts a server on loopback with ephemeral ports, as every integration test needs it. */
public final class TestServers {
    /** The tests' token secret (HS256, 32 bytes or more). */
    public static final String SECRET = "parley-test-secret-0123456789abcdef";

    private TestServers() {
    }

    /** A token for a room (or {@code *}) with every grant, valid for an hour. */
    public static String token(ParleyServer server, String room) {
        Grant g = Grant.everything("tester", server.tokens().now());
        return server.tokens().issue(new Grant(g.identity(), room, g.expires(), true, true, true, true));
    }

    public static ParleyServer start() throws Exception {
        return start(Map.of());
    }

    public static ParleyServer start(Map<String, Object> overrides) throws Exception {
        return start(overrides, OutboundDecorator.NONE);
    }

    /**
     * A server whose transports send through {@code outbound}: a lossy or narrow link from
     * io.parley.transport.testing.
     */
    public static ParleyServer start(Map<String, Object> overrides, OutboundDecorator outbound) throws Exception {
        Map<String, Object> settings = new HashMap<>(Map.of(
                "parley.http.host", "127.0.0.1",
                "parley.http.port", 0,
                "parley.ice.udp-port", 0,
                "parley.ice.bind-address", "127.0.0.1",
                "parley.auth.secret", SECRET));
        settings.putAll(overrides);
        return new ParleyServer(ConfigLoader.load(Map.of(), ConfigFactory.parseMap(settings)), outbound);
    }
}
