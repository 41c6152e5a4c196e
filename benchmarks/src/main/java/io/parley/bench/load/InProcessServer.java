package io.parley.bench.load;

import java.util.Map;

import com.typesafe.config.ConfigFactory;
import io.parley.admin.ParleyServer;
import io.parley.admin.config.ConfigLoader;

/** A server on loopback with ephemeral ports, in this JVM. */
final class InProcessServer {
    private InProcessServer() {
    }

    static ParleyServer start() throws Exception {
        return new ParleyServer(ConfigLoader.load(Map.of(), ConfigFactory.parseMap(Map.of(
                "parley.http.host", "127.0.0.1",
                "parley.http.port", 0,
                "parley.ice.udp-port", 0,
                "parley.ice.bind-address", "127.0.0.1",
                "parley.auth.dev-mode", true))));
    }
}
