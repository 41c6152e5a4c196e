package io.parley.admin.client;

import java.util.List;

/** SDP offers as a browser would write them (Unified Plan, BUNDLE, rtcp-mux), for the Java test client. */
public final class Offers {
    /**
     * One m-line of an offer with the SSRCs it sends on: none for a receive-only line, several for
     * SSRC-group simulcast (RFC 5576 §4.2 "SIM", highest layer first).
     */
    public record Line(String kind, String mid, String direction, int payloadType, List<Long> ssrcs) {
        public Line {
            ssrcs = List.copyOf(ssrcs);
        }

        /** A line with one SSRC, or none when {@code ssrc} is 0. */
        public Line(String kind, String mid, String direction, int payloadType, long ssrc) {
            this(kind, mid, direction, payloadType, ssrc == 0 ? List.of() : List.of(ssrc));
        }
    }

    private Offers() {
    }

    public static String offer(ParleyClient client, List<Line> lines) {
        StringBuilder sdp = new StringBuilder()
                .append("v=0\r\n")
                .append("o=- 4611731400430051336 2 IN IP4 127.0.0.1\r\n")
                .append("s=-\r\n")
                .append("t=0 0\r\n")
                .append("a=group:BUNDLE");
        for (Line l : lines) {
            sdp.append(' ').append(l.mid());
        }
        sdp.append("\r\na=extmap-allow-mixed\r\na=msid-semantic: WMS\r\n");
        for (Line l : lines) {
            boolean audio = l.kind().equals("audio");
            sdp.append("m=").append(l.kind()).append(" 9 UDP/TLS/RTP/SAVPF ").append(l.payloadType()).append("\r\n")
                    .append("c=IN IP4 0.0.0.0\r\n")
                    .append("a=rtcp:9 IN IP4 0.0.0.0\r\n")
                    .append("a=ice-ufrag:").append(client.iceUfrag()).append("\r\n")
                    .append("a=ice-pwd:").append(client.icePassword()).append("\r\n")
                    .append("a=ice-options:trickle\r\n")
                    .append("a=fingerprint:sha-256 ").append(client.fingerprint()).append("\r\n")
                    .append("a=setup:actpass\r\n")
                    .append("a=mid:").append(l.mid()).append("\r\n")
                    .append("a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\n");
            if (audio) {
                sdp.append("a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n");
            }
            sdp.append("a=").append(l.direction()).append("\r\n")
                    .append("a=rtcp-mux\r\n")
                    .append("a=rtcp-rsize\r\n");
            if (audio) {
                sdp.append("a=rtpmap:").append(l.payloadType()).append(" opus/48000/2\r\n")
                        .append("a=fmtp:").append(l.payloadType()).append(" minptime=10;useinbandfec=1\r\n");
            } else {
                sdp.append("a=rtpmap:").append(l.payloadType()).append(" VP8/90000\r\n")
                        .append("a=rtcp-fb:").append(l.payloadType()).append(" nack\r\n")
                        .append("a=rtcp-fb:").append(l.payloadType()).append(" nack pli\r\n")
                        .append("a=rtcp-fb:").append(l.payloadType()).append(" ccm fir\r\n");
            }
            if (!l.ssrcs().isEmpty()) {
                sdp.append("a=msid:stream track-").append(l.mid()).append("\r\n");
            }
            if (l.ssrcs().size() > 1) {
                sdp.append("a=ssrc-group:SIM");
                l.ssrcs().forEach(ssrc -> sdp.append(' ').append(ssrc));
                sdp.append("\r\n");
            }
            for (long ssrc : l.ssrcs()) {
                sdp.append("a=ssrc:").append(ssrc).append(" cname:test\r\n");
            }
        }
        return sdp.toString();
    }
}
