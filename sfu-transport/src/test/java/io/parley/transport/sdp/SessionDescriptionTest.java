package io.parley.transport.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class SessionDescriptionTest {
    static String chromeOffer() throws Exception {
        return Files.readString(Path.of("../../shared/testdata/chrome-156-simulcast-offer.sdp"));
    }

    @Test
    void parsesARealChromeSimulcastOffer() throws Exception {
        SessionDescription sd = SessionDescription.parse(chromeOffer());
        assertEquals(List.of("0", "1"), sd.bundleMids());
        assertTrue(sd.extmapAllowMixed());
        assertEquals(2, sd.media().size());

        MediaSection audio = sd.media().get(0);
        assertEquals("audio", audio.kind());
        assertEquals("0", audio.mid());
        assertEquals(Direction.SENDONLY, audio.direction());
        assertEquals("ug8U", audio.iceUfrag());
        assertEquals("SsOAbuPLI9ZQNhv8Do2lbCBz", audio.icePwd());
        assertEquals("sha-256", audio.fingerprint().algorithm());
        assertTrue(audio.fingerprint().value().startsWith("68:68:60:8A"));
        assertEquals("actpass", audio.setup());
        assertTrue(audio.rtcpMux());
        assertTrue(audio.rtcpRsize());
        assertEquals(8, audio.codecs().size());
        Codec opus = audio.codecByPt(111);
        assertEquals("opus", opus.name());
        assertEquals(48000, opus.clockRate());
        assertEquals(2, opus.channels());
        assertEquals("1", opus.fmtpParams().get("useinbandfec"));
        assertEquals(List.of(1002053724L), audio.primarySsrcs());

        MediaSection video = sd.media().get(1);
        assertEquals(23, video.codecs().size());
        Codec vp8 = video.codecByPt(96);
        assertEquals(List.of("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"), vp8.rtcpFb());
        assertEquals(97, video.rtxFor(96).pt());
        assertEquals(10, extensionId(video, RtpExtensions.RID));
        assertEquals(4, extensionId(video, RtpExtensions.MID));
        assertEquals(List.of("q", "h", "f"), video.rids().stream().map(Rid::id).toList());
        assertEquals(List.of(List.of("q"), List.of("h"), List.of("f")), video.simulcast().send());
        assertTrue(video.primarySsrcs().isEmpty(), "rid simulcast declares no SSRCs");
    }

    @Test
    void readsSsrcGroupsAndKeepsRepairStreamsApart() throws Exception {
        String sdp = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF 96 97\r\na=mid:v\r\na=sendrecv\r\n"
                + "a=rtpmap:96 VP8/90000\r\na=rtpmap:97 rtx/90000\r\na=fmtp:97 apt=96\r\n"
                + "a=ssrc-group:FID 111 222\r\na=ssrc:111 cname:x\r\na=ssrc:222 cname:x\r\n";
        MediaSection m = SessionDescription.parse(sdp).media().get(0);
        assertEquals(List.of(111L, 222L), m.ssrcGroups().get(0).ssrcs());
        assertEquals(List.of(111L), m.primarySsrcs());
        assertEquals(Direction.SENDRECV, m.direction());
        assertNull(m.simulcast());
    }

    @Test
    void rejectsBrokenDescriptionsWithTheLine() {
        assertThrows(SdpException.class, () -> SessionDescription.parse(""));
        SdpException e = assertThrows(SdpException.class, () -> SessionDescription.parse("hello"));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
        e = assertThrows(SdpException.class, () -> SessionDescription.parse("v=0\r\nm=audio x UDP 111\r\n"));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertThrows(SdpException.class, () -> SessionDescription.parse("v=0\r\nm=audio 9\r\n"));
        assertThrows(SdpException.class, () -> SessionDescription.parse(
                "v=0\r\nm=audio 9 UDP 111\r\na=rtpmap:300 opus/48000\r\n"));
        assertThrows(SdpException.class, () -> SessionDescription.parse(
                "v=0\r\nm=audio 9 UDP 111\r\na=ssrc:99999999999 cname:x\r\n"));
        assertThrows(SdpException.class, () -> SessionDescription.parse("v=0\r\n" + "a=x\r\n".repeat(20000)));
        assertThrows(SdpException.class, () -> SessionDescription.parse("v=0\r\na=" + "x".repeat(5000) + "\r\n"));
    }

    /**
     * An offer that repeats itself costs what it weighs: each format once however often the
     * m-line names it (every format used to be paired with every rtpmap of its number, each pair
     * copying all a=rtcp-fb:* lines: one 64 KiB offer asked for gigabytes), and lists that would
     * grow past what any client sends are refused with a clear error.
     */
    @Test
    void repetitionIsBoundedAndParsedInLinearTime() throws Exception {
        String head = "v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF " + "96 ".repeat(1300) + "\r\n";
        SessionDescription once = SessionDescription.parse(head + "a=rtpmap:96 VP8/90000\r\n"
                + "a=rtcp-fb:* nack\r\n".repeat(200));
        assertEquals(1, once.media().get(0).codecs().size(), "a format named 1300 times is one codec");
        assertEquals(200, once.media().get(0).codecs().get(0).rtcpFb().size());

        SdpException twice = assertThrows(SdpException.class,
                () -> SessionDescription.parse(head + "a=rtpmap:96 VP8/90000\r\n".repeat(2000)));
        assertTrue(twice.getMessage().contains("second a=rtpmap"), twice.getMessage());

        StringBuilder formats = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            formats.append(' ').append(i);
        }
        SdpException many = assertThrows(SdpException.class,
                () -> SessionDescription.parse("v=0\r\nm=video 9 UDP" + formats + "\r\n"));
        assertTrue(many.getMessage().contains("formats"), many.getMessage());

        String m = "v=0\r\nm=audio 9 UDP 111\r\n";
        assertTrue(assertThrows(SdpException.class, () -> SessionDescription.parse(
                m + "a=candidate:1 1 udp 1 127.0.0.1 9 typ host\r\n".repeat(65))).getMessage().contains("candidates"));
        assertTrue(assertThrows(SdpException.class, () -> SessionDescription.parse(
                m + "a=rtcp-fb:111 nack\r\n".repeat(257))).getMessage().contains("rtcp-fb"));
        assertTrue(assertThrows(SdpException.class, () -> SessionDescription.parse(
                m + "a=ssrc:1 cname:x\r\n".repeat(257))).getMessage().contains("a=ssrc"));
        assertTrue(assertThrows(SdpException.class, () -> SessionDescription.parse(
                m + "a=x\r\n".repeat(1025))).getMessage().contains("attributes"));
    }

    /** A mid goes into every RTP packet and into other users' descriptions: a short token only. */
    @Test
    void midsAreShortTokens() throws Exception {
        String m = "v=0\r\nm=audio 9 UDP 111\r\na=mid:";
        assertEquals("a-1.{x}", SessionDescription.parse(m + "a-1.{x}\r\n").media().get(0).mid());
        for (String bad : new String[] {"a b", "x".repeat(17), "é", "\"q\"", "a,b", "a;b", "(x)"}) {
            SdpException e = assertThrows(SdpException.class, () -> SessionDescription.parse(m + bad + "\r\n"), bad);
            assertTrue(e.getMessage().contains("a=mid"), e.getMessage());
        }
        assertThrows(SdpException.class, () -> SessionDescription.parse(m + "\r\n"), "empty");
    }

    @Test
    void parsesCandidatesWithLiteralAddressesOnly() {
        IceCandidate c = IceCandidate.parse("1 1 udp 2130706431 127.0.0.1 40000 typ host generation 0");
        assertNotNull(c);
        assertEquals("127.0.0.1", c.address());
        assertEquals(40000, c.port());
        assertEquals("host", c.type());
        assertNull(IceCandidate.parse("1 1 udp 2130706431 abc.local 40000 typ host"), "mDNS names need a resolver");
        assertNull(IceCandidate.parse("1 1 tcp 2130706431 127.0.0.1 9 typ host tcptype active"));
        assertNull(IceCandidate.parse("1 1 udp x 127.0.0.1 40000 typ host"));
    }

    static int extensionId(MediaSection m, String uri) {
        return m.extensions().stream().filter(e -> e.uri().equals(uri)).mapToInt(ExtMap::id).findFirst().orElse(-1);
    }
}
