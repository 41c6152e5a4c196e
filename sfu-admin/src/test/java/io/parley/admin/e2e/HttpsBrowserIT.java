package io.parley.admin.e2e;

import static io.parley.admin.e2e.Calls.receiving;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import io.parley.admin.ParleyServer;
import io.parley.admin.it.TestServers;
import org.junit.jupiter.api.Test;

/**
 * Built-in HTTPS and WSS: headless Chromium, which trusts the test's own CA through its NSS
 * database, joins a call on {@code https://} and both pages decode each other; plain HTTP gets no
 * answer on that port; and a renewed certificate written over the files is served to the next
 * connection without a restart.
 */
class HttpsBrowserIT {
    private static final Duration RELOAD = Duration.ofSeconds(10);

    @Test
    void aCallOverHttpsWithTheTestCaAndARenewedCertificateWithoutARestart() throws Exception {
        Calls.assertLoopbackOnly();
        Path dir = Files.createTempDirectory("parley-https");
        Path certificate = dir.resolve("fullchain.pem");
        Path key = dir.resolve("privkey.pem");
        TestCa ca = new TestCa();
        BigInteger first = ca.issueServer(certificate, key);
        Path home = Files.createDirectories(dir.resolve("home"));
        ca.trustInNssDb(home);
        List<Browser> pages = new ArrayList<>();
        try (ParleyServer server = TestServers.start(Map.of("parley.http.tls.certificate", certificate.toString(),
                "parley.http.tls.private-key", key.toString(), "parley.http.tls.reload-check", "1s"))) {
            SSLContext trusting = trusting(ca.certificate());
            HttpClient https = HttpClient.newBuilder().sslContext(trusting).build();
            assertEquals(first, servedSerial(trusting, server.httpPort()), "the configured certificate is served");
            HttpResponse<String> health = https.send(
                    HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.httpPort() + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), "a real HTTPS client with the CA gets an answer");
            assertThrows(IOException.class, () -> HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/healthz"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()),
                    "plain HTTP is no way in on an HTTPS port");
            HttpResponse<String> metrics = https.send(
                    HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.httpPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(metrics.body().lines().anyMatch(l -> l.startsWith("parley_https_handshake_failures_total")
                    && !l.endsWith(" 0.0")), "the refused plain-HTTP connection is counted:\n" + metrics.body()
                    .lines().filter(l -> l.contains("https")).toList());

            List<String> ids = new ArrayList<>();
            for (String name : List.of("Ann", "Ben")) {
                Browser page = new Browser(home);
                pages.add(page);
                page.open("https://127.0.0.1:" + server.httpPort() + "/?token=" + TestServers.token(server, "tls"));
                page.waitUntil("the demo client has loaded over HTTPS", Duration.ofSeconds(10),
                        () -> (Boolean) page.js("return typeof window.parley === 'object';"));
                assertEquals("https:", page.js("return location.protocol;"));
                assertEquals(Boolean.TRUE, page.js("return window.isSecureContext;"));
                page.jsAsync("const done = arguments[arguments.length - 1];"
                        + "window.parley.join('tls', arguments[0]).then(() => done('ok'), e => done(String(e)));", name);
                ids.add((String) page.js("return window.parley.participantId;"));
            }
            pages.get(0).waitUntil("Ann decodes Ben over a WSS-signalled call", Duration.ofSeconds(20),
                    () -> receiving(pages.get(0), ids.get(1)));
            pages.get(1).waitUntil("Ben decodes Ann", Duration.ofSeconds(20), () -> receiving(pages.get(1), ids.get(0)));
            assertEquals(Boolean.TRUE, pages.get(0).js("return window.parley.events.some(e => e.type === 'joined');"),
                    "the WebSocket was wss: on the same port");

            BigInteger renewed = ca.issueServer(certificate, key);
            long deadline = System.nanoTime() + RELOAD.toNanos();
            while (!renewed.equals(servedSerial(trusting, server.httpPort())) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertEquals(renewed, servedSerial(trusting, server.httpPort()),
                    "the renewed certificate is served within " + RELOAD + " of being written");
            assertTrue(receiving(pages.get(0), ids.get(1)), "the call went on");
        } finally {
            for (Browser b : pages) {
                b.close();
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static SSLContext trusting(X509Certificate ca) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    /** The serial of the certificate a new TLS connection is served, checked against the CA. */
    private static BigInteger servedSerial(SSLContext trusting, int port) throws IOException {
        try (Socket plain = new Socket("127.0.0.1", port);
             SSLSocket tls = (SSLSocket) trusting.getSocketFactory().createSocket(plain, "127.0.0.1", port, true)) {
            tls.startHandshake();
            return ((X509Certificate) tls.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }
}
