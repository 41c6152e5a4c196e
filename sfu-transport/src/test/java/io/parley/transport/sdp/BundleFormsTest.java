package io.parley.transport.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every form of BUNDLE offer a client sends (RFC 8843, RFC 8829 §5.2.1): Chromium's (every m-line
 * with port 9), GStreamer's webrtcbin with max-bundle (the second m-line port 0 and
 * {@code a=bundle-only}) and max-compat (each m-line a transport of its own), and Firefox's
 * max-bundle (bundle-only, fingerprint at session level). Each publish offer is answered with
 * every m-line accepted into the group and carrying what a client checks per m-line.
 */
class BundleFormsTest {
    private static final LocalIce ICE = new LocalIce("ufrag", "password-password-1234", "sha-256", "AB:CD",
            List.of(new IceCandidate("1", 1, "udp", 2130706431L, "127.0.0.1", 10000, "host")));
    private final Negotiator negotiator = new Negotiator(CodecPolicy.defaults());

    static String offer(String name) throws IOException {
        try (InputStream in = BundleFormsTest.class.getResourceAsStream("/offers/" + name)) {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gstreamer-1.22-whip-max-bundle-offer.sdp", "gstreamer-1.22-whip-max-compat-offer.sdp",
            "firefox-style-max-bundle-offer.sdp", "chrome"})
    void everyPublishedMLineIsAcceptedIntoTheBundleWithItsOwnFingerprintSetupAndMid(String name) throws Exception {
        SessionDescription offer = SessionDescription.parse(
                name.equals("chrome") ? SessionDescriptionTest.chromeOffer() : offer(name));
        List<MediaAnswer> answers = new ArrayList<>();
        List<String> mids = new ArrayList<>();
        for (MediaSection m : offer.media()) {
            assertFalse(m.isRejected(), name + ": m-line " + m.mid() + " is offered, not refused");
            MediaAnswer a = negotiator.answerPublish(m);
            assertFalse(a.isRejected(), name + ": " + m.mid() + " has a codec we take");
            answers.add(a);
            mids.add(m.mid());
        }
        assertEquals(offer.bundleMids(), mids);

        SessionDescription answer = SessionDescription.parse(SdpWriter.answer(7, 1, ICE, answers, false));
        assertEquals(mids, answer.bundleMids(), name + ": every m-line in the answer's group");
        for (MediaSection m : answer.media()) {
            assertEquals(9, m.port(), name);
            assertNotNull(m.fingerprint(), name + ": webrtcbin wants a fingerprint on every m-line");
            assertEquals("passive", m.setup());
            assertEquals("ufrag", m.iceUfrag());
            assertTrue(m.rtcpMux());
            assertEquals(Direction.RECVONLY, m.direction());
        }
    }

    @Test
    void gstreamerWritesItsOpusInCapitalsAndItIsStillOpus() throws Exception {
        MediaSection audio = SessionDescription.parse(offer("gstreamer-1.22-whip-max-bundle-offer.sdp")).media().get(1);
        assertEquals(0, audio.port(), "bundle-only m-line, port 0");
        assertEquals(111, negotiator.answerPublish(audio).primaryCodec().pt());
    }

    @Test
    void aGstreamerWhepOfferReceivesOnBothMLines() throws Exception {
        SessionDescription offer = SessionDescription.parse(offer("gstreamer-1.22-whep-max-compat-offer.sdp"));
        assertEquals(List.of("video0", "audio1"), offer.bundleMids());
        for (MediaSection m : offer.media()) {
            assertFalse(m.isRejected());
            assertEquals(Direction.RECVONLY, m.direction());
        }
    }

    @Test
    void firefoxKeepsItsFingerprintAtSessionLevelAndCredentialsPerMLine() throws Exception {
        SessionDescription offer = SessionDescription.parse(offer("firefox-style-max-bundle-offer.sdp"));
        MediaSection video = offer.media().get(1);
        assertEquals(0, video.port());
        assertTrue(video.fingerprint().value().startsWith("3C:5A"), "the session-level fingerprint applies");
        assertEquals("5a1d3c7f", video.iceUfrag());
        assertEquals(120, negotiator.answerPublish(video).primaryCodec().pt(), "VP8 first, as offered");
    }

    @Test
    void theTransportIsTheOneOfTheFirstMidInTheGroup() throws Exception {
        String text = offer("gstreamer-1.22-whip-max-compat-offer.sdp")
                .replace("a=group:BUNDLE video0 audio1", "a=group:BUNDLE audio1 video0");
        assertEquals("audio1", SessionDescription.parse(text).transportSection().mid(),
                "RFC 8843 §7.2.1: the offerer-tagged m-line");
        assertEquals("video0", SessionDescription.parse(offer("gstreamer-1.22-whip-max-compat-offer.sdp"))
                .transportSection().mid());
    }

    @Test
    void aBundleOnlyMLineOutsideTheGroupIsRefusedAsRfc8843Says() throws Exception {
        String text = offer("gstreamer-1.22-whip-max-bundle-offer.sdp")
                .replace("a=group:BUNDLE video0 audio1", "a=group:BUNDLE video0");
        SessionDescription offer = SessionDescription.parse(text);
        assertFalse(offer.media().get(0).isRejected());
        assertTrue(offer.media().get(1).isRejected(), "RFC 8843 §6: bundle-only outside a group has no transport");
    }
}
