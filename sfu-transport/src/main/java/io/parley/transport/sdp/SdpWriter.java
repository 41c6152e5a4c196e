package io.parley.transport.sdp;

import java.util.List;

/** Writes our SDP answers (RFC 8866 syntax, JSEP RFC 9429 §5.3 content), CRLF line endings. */
public final class SdpWriter {
    private SdpWriter() {
    }

    public static String answer(long sessionId, long sessionVersion, LocalIce ice, List<MediaAnswer> media,
                                boolean extmapAllowMixed) {
        StringBuilder s = new StringBuilder(2048);
        line(s, "v=0");
        line(s, "o=- " + sessionId + " " + sessionVersion + " IN IP4 127.0.0.1");
        line(s, "s=-");
        line(s, "t=0 0");
        StringBuilder bundle = new StringBuilder("a=group:BUNDLE");
        for (MediaAnswer m : media) {
            if (!m.isRejected() && m.mid() != null) {
                bundle.append(' ').append(m.mid());
            }
        }
        line(s, bundle.toString());
        if (extmapAllowMixed) {
            line(s, "a=extmap-allow-mixed");
        }
        line(s, "a=msid-semantic: WMS *");
        for (MediaAnswer m : media) {
            if (m.isRejected()) {
                rejected(s, m);
            } else {
                accepted(s, m, ice);
            }
        }
        return s.toString();
    }

    private static void rejected(StringBuilder s, MediaAnswer m) {
        line(s, "m=" + m.kind() + " 0 " + m.protocol() + " " + m.rejectedFormat());
        line(s, "c=IN IP4 0.0.0.0");
        if (m.mid() != null) {
            line(s, "a=mid:" + m.mid());
        }
    }

    private static void accepted(StringBuilder s, MediaAnswer m, LocalIce ice) {
        StringBuilder mline = new StringBuilder("m=").append(m.kind()).append(" 9 ").append(m.protocol());
        for (Codec c : m.codecs()) {
            mline.append(' ').append(c.pt());
        }
        line(s, mline.toString());
        line(s, "c=IN IP4 0.0.0.0");
        line(s, "a=rtcp:9 IN IP4 0.0.0.0");
        line(s, "a=ice-ufrag:" + ice.ufrag());
        line(s, "a=ice-pwd:" + ice.pwd());
        line(s, "a=fingerprint:" + ice.fingerprintAlgorithm() + " " + ice.fingerprint());
        // RFC 5763 §5: the answerer to an actpass offer picks; we are always the DTLS server.
        line(s, "a=setup:passive");
        line(s, "a=mid:" + m.mid());
        for (ExtMap e : m.extensions()) {
            line(s, "a=extmap:" + e.id() + " " + e.uri());
        }
        line(s, "a=" + m.direction().sdpName());
        for (SendStream st : m.sendStreams()) {
            line(s, "a=msid:" + st.streamId() + " " + st.trackId());
        }
        line(s, "a=rtcp-mux");
        if (m.rtcpRsize()) {
            line(s, "a=rtcp-rsize");
        }
        for (Codec c : m.codecs()) {
            line(s, "a=rtpmap:" + c.pt() + " " + c.name() + "/" + c.clockRate() + (c.channels() > 1 ? "/" + c.channels() : ""));
            for (String fb : c.rtcpFb()) {
                line(s, "a=rtcp-fb:" + c.pt() + " " + fb);
            }
            if (!c.fmtp().isEmpty()) {
                line(s, "a=fmtp:" + c.pt() + " " + c.fmtp());
            }
        }
        if (!m.recvRids().isEmpty()) {
            StringBuilder sim = new StringBuilder("a=simulcast:recv ");
            for (int i = 0; i < m.recvRids().size(); i++) {
                Rid r = m.recvRids().get(i);
                line(s, "a=rid:" + r.id() + " recv");
                sim.append(i == 0 ? "" : ";").append(r.id());
            }
            line(s, sim.toString());
        }
        for (SendStream st : m.sendStreams()) {
            if (st.rtxSsrc() != 0) {
                // RFC 5576 §4.1 / RFC 4588 §8.1: FID pairs the media SSRC with its RTX SSRC.
                line(s, "a=ssrc-group:FID " + st.ssrc() + " " + st.rtxSsrc());
            }
            ssrcLines(s, st, st.ssrc());
            if (st.rtxSsrc() != 0) {
                ssrcLines(s, st, st.rtxSsrc());
            }
        }
        for (IceCandidate c : ice.candidates()) {
            line(s, "a=candidate:" + c.foundation() + " " + c.component() + " " + c.transport() + " " + c.priority()
                    + " " + c.address() + " " + c.port() + " typ " + c.type());
        }
        line(s, "a=end-of-candidates");
    }

    private static void ssrcLines(StringBuilder s, SendStream st, long ssrc) {
        line(s, "a=ssrc:" + ssrc + " cname:" + st.cname());
        line(s, "a=ssrc:" + ssrc + " msid:" + st.streamId() + " " + st.trackId());
    }

    private static void line(StringBuilder s, String line) {
        s.append(line).append("\r\n");
    }
}
