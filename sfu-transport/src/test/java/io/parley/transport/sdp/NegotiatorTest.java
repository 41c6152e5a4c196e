package io.parley.transport.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class NegotiatorTest {
    private final Negotiator negotiator = new Negotiator(CodecPolicy.defaults());

    @Test
    void answersAPublisherWithOnePreferredCodecAndSupportedExtensions() throws Exception {
        SessionDescription offer = SessionDescription.parse(SessionDescriptionTest.chromeOffer());
        MediaAnswer audio = negotiator.answerPublish(offer.media().get(0));
        MediaAnswer video = negotiator.answerPublish(offer.media().get(1));

        assertEquals(Direction.RECVONLY, audio.direction());
        assertEquals(111, audio.primaryCodec().pt());
        assertEquals(1, audio.codecs().size());
        assertEquals(96, video.primaryCodec().pt());
        assertEquals(List.of("ccm fir", "nack", "nack pli", "transport-cc"), video.primaryCodec().rtcpFb(),
                "filtered to the policy, goog-remb left out, transport-cc for the feedback we send");
        assertEquals(4, video.extensionId(RtpExtensions.MID));
        assertEquals(List.of("q", "h", "f"), video.recvRids().stream().map(Rid::id).toList());
    }

    @Test
    void aPublisherSendsTransportWideSequenceNumbersOnAudioAndVideoForOurFeedback() throws Exception {
        SessionDescription offer = SessionDescription.parse(SessionDescriptionTest.chromeOffer());
        MediaAnswer audio = negotiator.answerPublish(offer.media().get(0));
        MediaAnswer video = negotiator.answerPublish(offer.media().get(1));
        assertEquals(3, audio.extensionId(RtpExtensions.TRANSPORT_CC));
        assertEquals(3, video.extensionId(RtpExtensions.TRANSPORT_CC), "one id across the bundle");
        assertEquals(List.of("transport-cc"), audio.primaryCodec().rtcpFb());
        for (MediaAnswer a : List.of(audio, video)) {
            assertFalse(a.primaryCodec().rtcpFb().contains("goog-remb"), "no REMB asked of publishers");
        }

        LocalIce ice = new LocalIce("u", "password-password-1234", "sha-256", "AB", List.of());
        String text = SdpWriter.answer(7, 1, ice, List.of(audio, video), true);
        assertTrue(text.contains("a=extmap:3 " + RtpExtensions.TRANSPORT_CC + "\r\n"), text);
        assertTrue(text.contains("a=rtcp-fb:111 transport-cc\r\n"), text);
        assertTrue(text.contains("a=rtcp-fb:96 transport-cc\r\n"), text);
        MediaSection back = SessionDescription.parse(text).media().get(1);
        assertTrue(back.extensions().contains(new ExtMap(3, RtpExtensions.TRANSPORT_CC)));
    }

    @Test
    void transportWideCcIsAnsweredOnlyAsOffered() throws Exception {
        String offer = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF 100\r\na=mid:0\r\na=sendonly\r\n"
                + "a=extmap:5 " + RtpExtensions.TRANSPORT_CC + "\r\n"
                + "a=rtpmap:100 VP8/90000\r\na=rtcp-fb:100 nack\r\n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:1\r\na=sendonly\r\n"
                + "a=rtpmap:111 opus/48000/2\r\na=rtcp-fb:111 transport-cc\r\n";
        List<MediaSection> media = SessionDescription.parse(offer).media();
        MediaAnswer extensionOnly = negotiator.answerPublish(media.get(0));
        assertEquals(5, extensionOnly.extensionId(RtpExtensions.TRANSPORT_CC), "the offer's id");
        assertEquals(List.of("nack"), extensionOnly.primaryCodec().rtcpFb(), "no transport-cc feedback unless offered");
        MediaAnswer feedbackOnly = negotiator.answerPublish(media.get(1));
        assertEquals(-1, feedbackOnly.extensionId(RtpExtensions.TRANSPORT_CC));
        assertEquals(List.of(), feedbackOnly.primaryCodec().rtcpFb(), "nor its feedback without the extension");
    }

    @Test
    void aSubscriberGetsTransportWideCcOnVideoOnly() throws Exception {
        String offer = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:2\r\na=recvonly\r\n"
                + "a=extmap:3 " + RtpExtensions.TRANSPORT_CC + "\r\n"
                + "a=rtpmap:111 opus/48000/2\r\na=rtcp-fb:111 transport-cc\r\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF 100\r\na=mid:3\r\na=recvonly\r\n"
                + "a=extmap:3 " + RtpExtensions.TRANSPORT_CC + "\r\n"
                + "a=rtpmap:100 VP8/90000\r\na=rtcp-fb:100 transport-cc\r\n";
        List<MediaSection> media = SessionDescription.parse(offer).media();
        SendStream stream = new SendStream(1234, "pub", "pub", "pub-1", 0);
        MediaAnswer audio = negotiator.answerSubscribe(media.get(0), new Codec(111, "opus", 48000, 2, "", List.of()),
                stream, false);
        MediaAnswer video = negotiator.answerSubscribe(media.get(1), new Codec(96, "VP8", 90000, 1, "", List.of()),
                stream, false);
        assertEquals(-1, audio.extensionId(RtpExtensions.TRANSPORT_CC));
        assertEquals(List.of(), audio.primaryCodec().rtcpFb());
        assertEquals(3, video.extensionId(RtpExtensions.TRANSPORT_CC));
        assertEquals(List.of("transport-cc"), video.primaryCodec().rtcpFb());
    }

    @Test
    void aPublisherIsToldWhereToStartItsBandwidthEstimateForVideoOnly() throws Exception {
        SessionDescription offer = SessionDescription.parse(SessionDescriptionTest.chromeOffer());
        Negotiator starting = new Negotiator(CodecPolicy.defaults().withPublisherStartKbps(1500));
        assertTrue(starting.answerPublish(offer.media().get(1)).primaryCodec().fmtp()
                .endsWith("x-google-start-bitrate=1500"));
        assertFalse(starting.answerPublish(offer.media().get(0)).primaryCodec().fmtp().contains("x-google"));
        assertFalse(negotiator.answerPublish(offer.media().get(1)).primaryCodec().fmtp().contains("x-google"));
    }

    @Test
    void prefersConstrainedBaselineH264WithPacketizationMode1() throws Exception {
        Negotiator h264First = new Negotiator(CodecPolicy.defaults().withVideoCodecs(List.of("H264", "VP8")));
        MediaAnswer video = h264First.answerPublish(SessionDescription.parse(SessionDescriptionTest.chromeOffer()).media().get(1));
        assertEquals(108, video.primaryCodec().pt(), "42e01f with packetization-mode=1");
    }

    @Test
    void vp9AndAv1ProfilesMustMatch() {
        Codec vp9 = new Codec(98, "VP9", 90000, 1, "profile-id=0", List.of());
        assertTrue(Negotiator.compatible(new Codec(100, "VP9", 90000, 1, "", List.of()), vp9), "absent is 0");
        assertFalse(Negotiator.compatible(new Codec(100, "VP9", 90000, 1, "profile-id=2", List.of()), vp9));
        Codec av1 = new Codec(45, "AV1", 90000, 1, "", List.of());
        assertTrue(Negotiator.compatible(new Codec(41, "AV1", 90000, 1, "profile=0", List.of()), av1));
        assertFalse(Negotiator.compatible(new Codec(41, "AV1", 90000, 1, "profile=1", List.of()), av1));
    }

    @Test
    void anAv1PublisherKeepsItsDependencyDescriptorAndOthersDoNot() throws Exception {
        MediaSection video = SessionDescription.parse(SessionDescriptionTest.chromeOffer()).media().get(1);
        Negotiator av1First = new Negotiator(CodecPolicy.defaults().withVideoCodecs(List.of("AV1", "VP8")));
        MediaAnswer av1 = av1First.answerPublish(video);
        assertEquals("AV1", av1.primaryCodec().name());
        assertTrue(av1.extensionId(RtpExtensions.DEPENDENCY_DESCRIPTOR) > 0,
                "AV1's layers are in the dependency descriptor only");
        assertFalse(negotiator.answerPublish(video).extensionId(RtpExtensions.DEPENDENCY_DESCRIPTOR) > 0,
                "VP8 says them in its payload");
    }

    @Test
    void anAv1SubscriberGetsTheDependencyDescriptorWhenItAllowsMixedExtensionForms() throws Exception {
        // Chromium's video m-line as a receiving transceiver offers it.
        MediaSection video = SessionDescription.parse(SessionDescriptionTest.chromeOffer()
                .replace("a=sendonly", "a=recvonly")).media().get(1);
        SendStream stream = new SendStream(1234, "pub", "pub", "pub-1", 0);
        Codec av1 = new Codec(45, "AV1", 90000, 1, "", List.of());
        assertTrue(negotiator.answerSubscribe(video, av1, stream, true)
                .extensionId(RtpExtensions.DEPENDENCY_DESCRIPTOR) > 0, "its decoder reads SVC frames from it");
        assertFalse(negotiator.answerSubscribe(video, av1, stream, false)
                .extensionId(RtpExtensions.DEPENDENCY_DESCRIPTOR) > 0, "a structure needs the two-byte form");
        assertFalse(negotiator.answerSubscribe(video, new Codec(96, "VP8", 90000, 1, "", List.of()), stream, true)
                .extensionId(RtpExtensions.DEPENDENCY_DESCRIPTOR) > 0, "VP8 needs none");
    }

    @Test
    void subscribesWithTheSubscribersPayloadTypeOrGoesInactive() throws Exception {
        String offer = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF 100 101\r\na=mid:3\r\na=recvonly\r\n"
                + "a=rtpmap:100 VP8/90000\r\na=rtcp-fb:100 nack pli\r\n"
                + "a=rtpmap:101 H264/90000\r\na=fmtp:101 packetization-mode=1;profile-level-id=640c1f\r\n";
        MediaSection m = SessionDescription.parse(offer).media().get(0);
        SendStream stream = new SendStream(1234, "pub", "pub", "pub-1", 5678);

        MediaAnswer vp8 = negotiator.answerSubscribe(m, new Codec(96, "VP8", 90000, 1, "", List.of()), stream, false);
        assertEquals(Direction.SENDONLY, vp8.direction());
        assertEquals(100, vp8.primaryCodec().pt());
        assertEquals(List.of(stream.withoutRtx()), vp8.sendStreams(), "no RTX offered: none announced");

        Codec baseline = new Codec(108, "H264", 90000, 1, "packetization-mode=1;profile-level-id=42e01f", List.of());
        assertEquals(Direction.INACTIVE, negotiator.answerSubscribe(m, baseline, stream, false).direction(),
                "a High-profile-only receiver cannot take constrained baseline");
    }

    @Test
    void aSubscriberOfferingRtxGetsAnRtxStreamPairedByFid() throws Exception {
        String offer = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF 100 101\r\na=mid:3\r\na=recvonly\r\n"
                + "a=rtpmap:100 VP8/90000\r\na=rtcp-fb:100 nack\r\n"
                + "a=rtpmap:101 rtx/90000\r\na=fmtp:101 apt=100\r\n";
        MediaSection m = SessionDescription.parse(offer).media().get(0);
        SendStream stream = new SendStream(1234, "pub", "pub", "pub-1", 5678);
        MediaAnswer a = negotiator.answerSubscribe(m, new Codec(96, "VP8", 90000, 1, "", List.of()), stream, false);
        assertEquals(List.of(100, 101), a.codecs().stream().map(Codec::pt).toList());
        assertEquals(List.of(stream), a.sendStreams());

        String text = SdpWriter.answer(7, 1, new LocalIce("u", "password-password-1234", "sha-256", "AB", List.of()),
                List.of(a), true);
        assertTrue(text.contains("a=ssrc-group:FID 1234 5678\r\n"), text);
        assertTrue(text.contains("a=ssrc:5678 cname:pub\r\n"), text);
        assertTrue(text.contains("a=fmtp:101 apt=100\r\n"), text);

        MediaAnswer off = new Negotiator(CodecPolicy.defaults().withNack(false))
                .answerSubscribe(m, new Codec(96, "VP8", 90000, 1, "", List.of()), stream, false);
        assertEquals(1, off.codecs().size(), "no loss repair: no RTX");
        assertEquals(List.of(), off.primaryCodec().rtcpFb(), "and no NACK");
    }

    @Test
    void theWrittenAnswerParsesBackWithWhatABrowserNeeds() throws Exception {
        SessionDescription offer = SessionDescription.parse(SessionDescriptionTest.chromeOffer());
        List<MediaAnswer> answers = List.of(negotiator.answerPublish(offer.media().get(0)),
                negotiator.reject(offer.media().get(1)));
        LocalIce ice = new LocalIce("ufrag", "password-password-1234", "sha-256", "AB:CD",
                List.of(new IceCandidate("1", 1, "udp", 2130706431L, "127.0.0.1", 10000, "host")));
        String text = SdpWriter.answer(7, 1, ice, answers, true);
        assertTrue(text.endsWith("\r\n"));
        assertFalse(text.replace("\r\n", "").contains("\n"), "CRLF line endings only");

        SessionDescription back = SessionDescription.parse(text);
        assertEquals(List.of("0"), back.bundleMids(), "the rejected m-line is not bundled");
        MediaSection a = back.media().get(0);
        assertEquals("0", a.mid());
        assertEquals("ufrag", a.iceUfrag());
        assertEquals("AB:CD", a.fingerprint().value());
        assertEquals("passive", a.setup());
        assertTrue(a.rtcpMux());
        assertEquals(Direction.RECVONLY, a.direction());
        assertEquals(1, a.candidates().size());
        assertTrue(back.media().get(1).isRejected());
    }
}
