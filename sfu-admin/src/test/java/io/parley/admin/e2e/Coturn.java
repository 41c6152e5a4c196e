package io.parley.admin.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's coturn (`turnserver`) on loopback for a test: TURN over TCP on a free port of
 * 127.0.0.1, relaying from 127.0.0.2 so that the relayed leg is told apart from a client's own
 * datagrams, checking TURN REST credentials under {@code secret} (use-auth-secret). Loopback
 * peers must be allowed explicitly: coturn refuses to relay to them by default.
 */
final class Coturn implements AutoCloseable {
    static final String RELAY_ADDRESS = "127.0.0.2";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final int port;
    private final Path log;

    private Coturn(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static Coturn start(String secret) throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path log = Files.createTempFile("coturn", ".log");
        Process process;
        try {
            process = new ProcessBuilder(List.of("turnserver", "-n", "--listening-ip=127.0.0.1",
                    "--relay-ip=" + RELAY_ADDRESS, "--listening-port=" + port, "--use-auth-secret",
                    "--static-auth-secret=" + secret, "--realm=parley.test", "--no-tls", "--no-dtls",
                    "--allow-loopback-peers", "--no-cli", "--no-software-attribute", "--simple-log",
                    "--log-file=stdout", "--pidfile=" + log + ".pid", "--userdb=" + log + ".db"))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IOException("cannot run turnserver: install coturn (.ci/run does)", e);
        }
        Coturn coturn = new Coturn(process, port, log);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!coturn.listening()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                coturn.close();
                throw new IOException("turnserver did not listen on TCP " + port + " within " + START_TIMEOUT
                        + ":\n" + Files.readString(log));
            }
            Thread.sleep(50);
        }
        return coturn;
    }

    /** The TURN-over-TCP URI clients are given (RFC 7065 §3.1). */
    String tcpUrl() {
        return "turn:127.0.0.1:" + port + "?transport=tcp";
    }

    int port() {
        return port;
    }

    /** What coturn logged, for a failure message. */
    String log() throws IOException {
        return Files.readString(log);
    }

    private boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException, IOException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        Files.deleteIfExists(Path.of(log + ".pid"));
        Files.deleteIfExists(Path.of(log + ".db"));
        Files.deleteIfExists(log);
    }
}
