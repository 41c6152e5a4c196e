package io.parley.transport.sdp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One payload format of an m-line: a=rtpmap (RFC 8866 §6.6), a=fmtp (§6.15) and a=rtcp-fb
 * (RFC 4585 §4.2) values.
 */
public record Codec(int pt, String name, int clockRate, int channels, String fmtp, List<String> rtcpFb) {
    public Codec {
        fmtp = fmtp == null ? "" : fmtp;
        rtcpFb = List.copyOf(rtcpFb);
    }

    /** fmtp as key=value pairs, keys in lower case. */
    public Map<String, String> fmtpParams() {
        Map<String, String> params = new LinkedHashMap<>();
        for (String part : fmtp.split(";")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq < 0) {
                params.put(p.toLowerCase(Locale.ROOT), "");
            } else {
                params.put(p.substring(0, eq).trim().toLowerCase(Locale.ROOT), p.substring(eq + 1).trim());
            }
        }
        return params;
    }

    public boolean isNamed(String codecName) {
        return name.equalsIgnoreCase(codecName);
    }

    /** The same codec with one more format parameter (RFC 8866 §6.15 a=fmtp, ';'-separated). */
    Codec withFmtpParam(String param) {
        return new Codec(pt, name, clockRate, channels, fmtp.isEmpty() ? param : fmtp + ";" + param, rtcpFb);
    }

    Codec withRtcpFb(List<String> feedback) {
        return new Codec(pt, name, clockRate, channels, fmtp, feedback);
    }
}
