package io.parley.admin.it;

import java.net.http.HttpClient;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.DefaultEventLoop;
import io.parley.admin.ParleyServer;
import io.parley.admin.client.ParleyClient;

/** What the Java test clients of one test class share: an event loop and a DTLS handshake pool. */
final class ClientFactory implements AutoCloseable {
    private final DefaultEventLoop loop = new DefaultEventLoop();
    private final ExecutorService handshakes = Executors.newFixedThreadPool(2);
    private final PooledByteBufAllocator allocator = new PooledByteBufAllocator(false);
    private final HttpClient http = HttpClient.newHttpClient();

    /** A client with a token that allows everything. */
    ParleyClient connect(ParleyServer server) throws Exception {
        return connect(server.httpPort(), TestServers.token(server, "*"));
    }

    /** A client that does ICE but never starts its DTLS handshake, as a stalling attacker would. */
    ParleyClient connectWithoutDtls(ParleyServer server) throws Exception {
        return new ParleyClient(http, server.httpPort(), TestServers.token(server, "*"), loop, allocator, task -> { });
    }

    ParleyClient connect(int httpPort, String token) throws Exception {
        return new ParleyClient(http, httpPort, token, loop, allocator, handshakes);
    }

    @Override
    public void close() throws InterruptedException {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        handshakes.shutdownNow();
    }
}
