package io.parley.transport.dtls;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Feeds a DTLS server garbage records, as a hostile or broken peer would send them before and
 * during the handshake. The handshake runs on the test's own thread (a direct executor), so no
 * thread outlives an input; the records are queued first and a short handshake timeout ends it.
 * The input is a list of records, each a 16-bit length and the bytes. Contract: the handshake
 * fails with an IOException (a TLS alert, or the timeout), never with anything else, and does
 * not hang past its timeout.
 */
class DtlsFuzzTest {
    private static final DtlsCertificate SERVER = DtlsCertificate.generate("server");
    private static final DtlsCertificate CLIENT = DtlsCertificate.generate("client");

    @FuzzTest(maxDuration = "60s")
    void serverReceivesGarbage(byte[] data) {
        DtlsTransport server = new DtlsTransport(DtlsRole.SERVER, SERVER, CLIENT.fingerprint(), (b, o, l) -> { },
                Duration.ofMillis(30));
        int i = 0;
        while (i + 2 <= data.length) {
            int len = Math.min((data[i] & 0xFF) << 8 | (data[i + 1] & 0xFF), data.length - i - 2);
            server.receive(data, i + 2, len);
            i += 2 + len;
        }
        long start = System.nanoTime();
        CompletableFuture<?> handshake = server.start(Runnable::run);
        try {
            assertTrue(handshake.isDone(), "the handshake ran on this thread");
            handshake.join();
            throw new AssertionError("a handshake of garbage succeeded");
        } catch (CompletionException e) {
            assertTrue(e.getCause() instanceof IOException, "the handshake failed with " + e.getCause());
        } finally {
            server.close();
        }
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "the handshake outlived its timeout");
    }
}
