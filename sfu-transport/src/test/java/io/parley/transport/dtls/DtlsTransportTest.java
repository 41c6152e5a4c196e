package io.parley.transport.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.parley.transport.srtp.SrtpKeys;
import io.parley.transport.srtp.SrtpProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DtlsTransportTest {
    private static final DtlsCertificate SERVER = DtlsCertificate.generate("server");
    private static final DtlsCertificate CLIENT = DtlsCertificate.generate("client");
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void fingerprintIsUpperCaseHexPairs() {
        assertTrue(SERVER.fingerprint().matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), SERVER.fingerprint());
    }

    @Test
    void bothSidesExportTheSameGcmKeys() throws Exception {
        AtomicReference<DtlsTransport> server = new AtomicReference<>();
        AtomicReference<DtlsTransport> client = new AtomicReference<>();
        server.set(new DtlsTransport(DtlsRole.SERVER, SERVER, CLIENT.fingerprint(),
                (b, o, l) -> client.get().receive(b, o, l), Duration.ofSeconds(5)));
        client.set(new DtlsTransport(DtlsRole.CLIENT, CLIENT, SERVER.fingerprint().toLowerCase(),
                (b, o, l) -> server.get().receive(b, o, l), Duration.ofSeconds(5)));
        var s = server.get().start(pool);
        var c = client.get().start(pool);
        SrtpKeys sk = s.get(10, TimeUnit.SECONDS);
        SrtpKeys ck = c.get(10, TimeUnit.SECONDS);
        assertEquals(SrtpProfile.AEAD_AES_128_GCM, sk.profile());
        assertArrayEquals(sk.clientKey(), ck.clientKey());
        assertArrayEquals(sk.serverKey(), ck.serverKey());
        assertArrayEquals(sk.clientSalt(), ck.clientSalt());
        assertArrayEquals(sk.serverSalt(), ck.serverSalt());
        assertEquals(12, sk.clientSalt().length);
        server.get().close();
        client.get().close();
    }

    @Test
    void aCertificateThatDoesNotMatchTheSdpFingerprintFailsTheHandshake() {
        AtomicReference<DtlsTransport> server = new AtomicReference<>();
        AtomicReference<DtlsTransport> client = new AtomicReference<>();
        String wrong = DtlsCertificate.generate("someone else").fingerprint();
        server.set(new DtlsTransport(DtlsRole.SERVER, SERVER, wrong,
                (b, o, l) -> client.get().receive(b, o, l), Duration.ofSeconds(3)));
        client.set(new DtlsTransport(DtlsRole.CLIENT, CLIENT, SERVER.fingerprint(),
                (b, o, l) -> server.get().receive(b, o, l), Duration.ofSeconds(3)));
        var s = server.get().start(pool);
        client.get().start(pool);
        assertThrows(ExecutionException.class, () -> s.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aSilentPeerTimesOut() {
        DtlsTransport server = new DtlsTransport(DtlsRole.SERVER, SERVER, CLIENT.fingerprint(), (b, o, l) -> { },
                Duration.ofMillis(500));
        long start = System.nanoTime();
        assertThrows(ExecutionException.class, () -> server.start(pool).get(10, TimeUnit.SECONDS));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
    }
}
