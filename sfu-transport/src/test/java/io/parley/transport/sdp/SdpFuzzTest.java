package io.parley.transport.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the SDP offer parser and the answer path behind it. Contract: {@link
 * SessionDescription#parse} rejects a malformed offer with {@link SdpException} and nothing
 * else; an offer it accepts can be answered, as a publisher's and as a subscriber's, and the
 * answer written out (SdpWriter) parses again with one m-line per offered one.
 */
class SdpFuzzTest {
    private static final Negotiator NEGOTIATOR = new Negotiator(CodecPolicy.defaults());
    private static final LocalIce ICE = new LocalIce("ufrag", "password-password-1234", "sha-256",
            "AB:CD", List.of());
    private static final List<Codec> PUBLISHER_CODECS = List.of(
            new Codec(111, "opus", 48000, 2, "", List.of()),
            new Codec(96, "VP8", 90000, 1, "", List.of()),
            new Codec(98, "VP9", 90000, 1, "profile-id=0", List.of()),
            new Codec(45, "AV1", 90000, 1, "", List.of()),
            new Codec(102, "H264", 90000, 1, "packetization-mode=1;profile-level-id=42e01f", List.of()));

    @FuzzTest(maxDuration = "60s")
    void parseAndAnswer(byte[] data) throws SdpException {
        // ISO-8859-1 maps each byte to one char, so the fuzzer's bytes are the text.
        String text = new String(data, StandardCharsets.ISO_8859_1);
        SessionDescription offer;
        try {
            offer = SessionDescription.parse(text);
        } catch (SdpException rejected) {
            return;
        }
        assertNotNull(offer.media());
        offer.bundleMids();
        SendStream stream = new SendStream(0x1234, "cname", "stream", "track", 0x5678);
        List<MediaAnswer> publish = new ArrayList<>();
        List<MediaAnswer> subscribe = new ArrayList<>();
        for (MediaSection m : offer.media()) {
            m.primarySsrcs();
            for (Codec c : m.codecs()) {
                c.fmtpParams();
                m.rtxFor(c.pt());
            }
            publish.add(NEGOTIATOR.answerPublish(m));
            // A publisher's track has a media codec (answerPublish never picks RTX): the offer's
            // first other one, so that some subscribe answers match.
            Codec publisherCodec = PUBLISHER_CODECS.get(Math.floorMod(m.formats().size(), PUBLISHER_CODECS.size()));
            for (Codec c : m.codecs()) {
                if (!c.isNamed("rtx")) {
                    publisherCodec = c;
                    break;
                }
            }
            subscribe.add(NEGOTIATOR.answerSubscribe(m, publisherCodec, stream, offer.extmapAllowMixed()));
            NEGOTIATOR.answerInactive(m);
        }
        for (List<MediaAnswer> answers : List.of(publish, subscribe)) {
            String answer = SdpWriter.answer(1, 2, ICE, answers, offer.extmapAllowMixed());
            assertEquals(answers.size(), SessionDescription.parse(answer).media().size(),
                    "the answer we wrote does not parse back:\n" + answer);
        }
    }
}
