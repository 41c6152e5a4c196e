package io.parley.admin.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.parley.admin.client.Offers;
import io.parley.admin.client.ParleyClient;
import io.parley.transport.sdp.MediaSection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The media port opens a path to a new address only for a Binding Request that proves it knows
 * the participant's ICE password (RFC 8445 §7.3, RFC 5389 §10.1): knowing the ufrag is not
 * enough, and what such an address sends next never reaches the participant's transport.
 */
class IceAuthenticationIT {
    @RegisterExtension
    static final SharedServer SHARED = new SharedServer();

    @Test
    void aCheckWithTheRightUfragButNoValidIntegrityOpensNothing() throws Exception {
        try (ParleyClient alice = SHARED.connect();
             DatagramSocket stranger = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            alice.join("ice-door", "Alice");
            MediaSection answer = alice.negotiate(Offers.offer(alice, List.of(
                    new Offers.Line("audio", "0", "sendonly", 111, 31313131L))), Map.of()).media().get(0);
            assertTrue(alice.awaitConnected(java.time.Duration.ofSeconds(10)), "alice connects");
            stranger.setSoTimeout(700);
            InetSocketAddress media = new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    SHARED.server().icePort());
            String username = answer.iceUfrag() + ":" + alice.iceUfrag();

            PrometheusText before = scrape();
            send(stranger, media, bindingRequest(username, "not-the-password-at-all"));
            send(stranger, media, rtpLike());
            assertThrows(SocketTimeoutException.class, () -> receive(stranger), "no answer to a forged check");
            PrometheusText after = scrape();
            assertEquals(1, after.value("parley_ice_checks_refused_total")
                    - before.value("parley_ice_checks_refused_total"), "the forged check is counted");
            assertEquals(before.sum("parley_transport_dropped_total"), after.sum("parley_transport_dropped_total"),
                    "the datagram after it never reached alice's transport");

            // The same from a stranger who knows the password is answered, and its datagrams do
            // reach the transport (which drops them, unable to decrypt): the door works both ways.
            send(stranger, media, bindingRequest(username, answer.icePwd()));
            byte[] response = receive(stranger);
            assertEquals(0x0101, ByteBuffer.wrap(response).getShort() & 0xFFFF, "a Binding Success Response");
            send(stranger, media, rtpLike());
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (scrape().sum("parley_transport_dropped_total") == before.sum("parley_transport_dropped_total")
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(scrape().sum("parley_transport_dropped_total") > before.sum("parley_transport_dropped_total"),
                    "an authenticated address reaches the transport");
        }
    }

    private static PrometheusText scrape() throws Exception {
        return PrometheusText.parse(OperationsIT.get(SHARED.server().metricsPort(), "/metrics").body());
    }

    private static void send(DatagramSocket s, InetSocketAddress to, byte[] data) throws Exception {
        s.send(new DatagramPacket(data, data.length, to));
    }

    private static byte[] receive(DatagramSocket s) throws Exception {
        DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
        s.receive(p);
        return java.util.Arrays.copyOf(p.getData(), p.getLength());
    }

    private static byte[] rtpLike() {
        byte[] rtp = new byte[60];
        rtp[0] = (byte) 0x80;
        rtp[1] = 111;
        return rtp;
    }

    /** A Binding Request (RFC 5389 §6) with USERNAME, ICE-CONTROLLING and MESSAGE-INTEGRITY (§15.4). */
    static byte[] bindingRequest(String username, String password) throws Exception {
        byte[] user = username.getBytes(StandardCharsets.UTF_8);
        int userPadded = (user.length + 3) & ~3;
        int bodyBeforeIntegrity = 4 + userPadded + 4 + 8 + 4 + 4;
        ByteBuffer b = ByteBuffer.allocate(20 + bodyBeforeIntegrity + 24);
        byte[] transaction = new byte[12];
        new SecureRandom().nextBytes(transaction);
        b.putShort((short) 0x0001).putShort((short) (bodyBeforeIntegrity + 24)).putInt(0x2112A442).put(transaction);
        b.putShort((short) 0x0006).putShort((short) user.length).put(user).put(new byte[userPadded - user.length]);
        b.putShort((short) 0x802A).putShort((short) 8).putLong(42); // ICE-CONTROLLING, RFC 8445 §16.1
        b.putShort((short) 0x0024).putShort((short) 4).putInt(0x6E0001FF); // PRIORITY
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        mac.update(b.array(), 0, b.position());
        b.putShort((short) 0x0008).putShort((short) 20).put(mac.doFinal());
        return b.array();
    }
}
