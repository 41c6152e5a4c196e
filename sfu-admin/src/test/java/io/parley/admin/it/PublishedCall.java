package io.parley.admin.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.parley.admin.client.Offers;
import io.parley.admin.client.ParleyClient;
import io.parley.transport.sdp.SessionDescription;

/**
 * Alice publishes audio (Opus, pt 111) and video (VP8, pt 96); Bob subscribes to both under his
 * own payload types (109, 100). Both connected over ICE/DTLS/SRTP when this returns.
 */
record PublishedCall(ParleyClient alice, ParleyClient bob, SessionDescription bobsAnswer) {
    static final long AUDIO_SSRC = 11111111L;
    static final long VIDEO_SSRC = 22222222L;

    static PublishedCall start(ParleyClient alice, ParleyClient bob, String room) throws Exception {
        alice.join(room, "Alice");
        alice.negotiate(Offers.offer(alice, List.of(
                new Offers.Line("audio", "0", "sendonly", 111, AUDIO_SSRC),
                new Offers.Line("video", "1", "sendonly", 96, VIDEO_SSRC))), Map.of());
        assertTrue(alice.awaitConnected(Duration.ofSeconds(10)), "alice connects");

        bob.join(room, "Bob");
        SessionDescription answer = bob.negotiate(Offers.offer(bob, List.of(
                new Offers.Line("audio", "0", "recvonly", 109, 0),
                new Offers.Line("video", "1", "recvonly", 100, 0))),
                Map.of("0", alice.participantId() + "-0", "1", alice.participantId() + "-1"));
        assertTrue(bob.awaitConnected(Duration.ofSeconds(10)), "bob connects");
        return new PublishedCall(alice, bob, answer);
    }
}
