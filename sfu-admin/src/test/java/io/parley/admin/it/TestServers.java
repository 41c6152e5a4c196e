package io.parley.admin.it;

import java.util.Map;

import com.typesafe.config.ConfigFactory;
import io.parley.admin.ParleyServer;
import io.parley.admin.config.ConfigLoader;

/** Starts a server on loopback with ephemeral ports, as every integration test needs it. */
public final class TestServers {
    private TestServers() {
    }

    public static ParleyServer start() throws Exception {
        return start(Map.of());
    }

    public static ParleyServer start(Map<String, Object> overrides) throws Exception {
        Map<String, Object> settings = new java.util.HashMap<>(Map.of(
                "parley.http.host", "127.0.0.1",
                "parley.http.port", 0,
                "parley.ice.udp-port", 0,
                "parley.ice.bind-address", "127.0.0.1"));
        settings.putAll(overrides);
        return new ParleyServer(ConfigLoader.load(Map.of(), ConfigFactory.parseMap(settings)));
    }
}
