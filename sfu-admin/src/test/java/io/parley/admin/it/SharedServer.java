package io.parley.admin.it;

import java.util.Map;

import io.parley.admin.ParleyServer;
import io.parley.admin.client.ParleyClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One server and one client factory for all the tests of a class, started before the first and
 * closed after the last: {@code @RegisterExtension static final SharedServer SHARED = ...}.
 */
final class SharedServer implements BeforeAllCallback, AfterAllCallback {
    private final Map<String, Object> overrides;
    private ParleyServer server;
    private ClientFactory clients;

    SharedServer() {
        this(Map.of());
    }

    /** @param overrides config keys that differ from the test defaults ({@link TestServers}) */
    SharedServer(Map<String, Object> overrides) {
        this.overrides = overrides;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = TestServers.start(overrides);
        clients = new ClientFactory();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        server.close();
        clients.close();
    }

    ParleyServer server() {
        return server;
    }

    ClientFactory clients() {
        return clients;
    }

    /** A client of the shared server with a token that allows everything. */
    ParleyClient connect() throws Exception {
        return clients.connect(server);
    }
}
