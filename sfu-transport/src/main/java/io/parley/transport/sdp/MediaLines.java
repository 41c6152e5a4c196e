package io.parley.transport.sdp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The lines of one media section (RFC 8866 §5.14 m= and the §6 attributes that follow it, with
 * the ICE, BUNDLE, simulcast and SSRC attributes of RFC 8839, 8843, 8853 and 5576), each read into
 * the section's builder within the per-section bounds of {@link SessionDescription}; and the two
 * value readers the session level shares with them (fingerprint, word lists).
 */
final class MediaLines {
    private MediaLines() {
    }

    /** m=<media> <port>[/<n>] <proto> <fmt> ... (RFC 8866 §5.14). */
    static MediaSection.Builder parseMediaLine(int n, String value) throws SdpException {
        List<String> f = words(value);
        if (f.size() < 4) {
            throw new SdpException(n, "m= needs media, port, protocol and at least one format");
        }
        MediaSection.Builder b = new MediaSection.Builder();
        b.kind = f.get(0);
        String port = f.get(1);
        int slash = port.indexOf('/');
        b.port = number(n, slash < 0 ? port : port.substring(0, slash), 0, 65535, "port");
        b.protocol = f.get(2);
        for (String format : f.subList(3, f.size())) {
            if (!b.formats.contains(format)) {
                if (b.formats.size() == SessionDescription.MAX_FORMATS) {
                    throw new SdpException(n, "more than " + SessionDescription.MAX_FORMATS + " formats on one m-line");
                }
                b.formats.add(format);
            }
        }
        return b;
    }

    static void mediaAttribute(int n, MediaSection.Builder m, String name, String arg) throws SdpException {
        if (++m.attributes > SessionDescription.MAX_ATTRIBUTES) {
            throw new SdpException(n, "more than " + SessionDescription.MAX_ATTRIBUTES + " attributes on one m-line");
        }
        Direction d = Direction.fromAttribute(name);
        if (d != null) {
            m.direction = d;
            return;
        }
        switch (name) {
            case "mid" -> m.mid = mid(n, arg);
            case "ice-ufrag" -> m.iceUfrag = arg;
            case "ice-pwd" -> m.icePwd = arg;
            case "fingerprint" -> m.fingerprint = fingerprint(n, arg);
            case "setup" -> m.setup = arg;
            case "rtcp-mux" -> m.rtcpMux = true;
            case "rtcp-rsize" -> m.rtcpRsize = true;
            case "bundle-only" -> m.bundleOnly = true;
            case "msid" -> m.msid = arg;
            case "candidate" -> {
                if (m.candidates.size() == SessionDescription.MAX_CANDIDATES) {
                    throw new SdpException(n, "more than " + SessionDescription.MAX_CANDIDATES + " candidates on one m-line");
                }
                m.candidates.add(arg);
            }
            case "rtpmap" -> {
                Codec c = rtpmap(n, arg);
                if (m.rtpmaps.putIfAbsent(c.pt(), c) != null) {
                    throw new SdpException(n, "a second a=rtpmap for payload type " + c.pt());
                }
            }
            case "fmtp" -> {
                int sp = arg.indexOf(' ');
                if (sp > 0) {
                    m.fmtps.put(number(n, arg.substring(0, sp), 0, 127, "payload type"), arg.substring(sp + 1).trim());
                }
            }
            case "rtcp-fb" -> {
                int sp = arg.indexOf(' ');
                if (sp > 0) {
                    if (++m.feedbackLines > SessionDescription.MAX_FEEDBACK) {
                        throw new SdpException(n, "more than " + SessionDescription.MAX_FEEDBACK + " a=rtcp-fb lines on one m-line");
                    }
                    m.feedback.computeIfAbsent(arg.substring(0, sp), k -> new ArrayList<>())
                            .add(arg.substring(sp + 1).trim());
                }
            }
            case "extmap" -> {
                List<String> f = words(arg);
                if (f.size() >= 2) {
                    String id = f.get(0);
                    int slash = id.indexOf('/');
                    m.extensions.add(new ExtMap(number(n, slash < 0 ? id : id.substring(0, slash), 1, 255,
                            "extension id"), f.get(1)));
                }
            }
            case "rid" -> {
                List<String> f = words(arg);
                if (f.size() >= 2) {
                    m.rids.add(new Rid(f.get(0), f.get(1), f.size() > 2 ? f.get(2) : ""));
                }
            }
            case "simulcast" -> m.simulcast = simulcast(arg);
            case "ssrc" -> {
                if (m.ssrcs.size() == SessionDescription.MAX_SSRC_LINES) {
                    throw new SdpException(n, "more than " + SessionDescription.MAX_SSRC_LINES + " a=ssrc lines on one m-line");
                }
                int sp = arg.indexOf(' ');
                String ssrc = sp < 0 ? arg : arg.substring(0, sp);
                String attr = sp < 0 ? "" : arg.substring(sp + 1);
                int colon = attr.indexOf(':');
                m.ssrcs.add(new SsrcAttribute(ssrc(n, ssrc), colon < 0 ? attr : attr.substring(0, colon),
                        colon < 0 ? "" : attr.substring(colon + 1)));
            }
            case "ssrc-group" -> {
                List<String> f = words(arg);
                if (!f.isEmpty()) {
                    List<Long> ssrcs = new ArrayList<>();
                    for (String s : f.subList(1, f.size())) {
                        ssrcs.add(ssrc(n, s));
                    }
                    m.ssrcGroups.add(new SsrcGroup(f.get(0), ssrcs));
                }
            }
            default -> { }
        }
    }

    /**
     * a=mid (RFC 5888 §4): a token (RFC 8866 §9), and short: it goes into every RTP packet
     * (RFC 8843 §15) and into other participants' descriptions, so nothing else is accepted.
     */
    private static String mid(int n, String arg) throws SdpException {
        if (arg.isEmpty() || arg.length() > SessionDescription.MAX_MID) {
            throw new SdpException(n, "a=mid must be 1 to " + SessionDescription.MAX_MID + " characters");
        }
        for (int i = 0; i < arg.length(); i++) {
            char c = arg.charAt(i);
            boolean token = c == 0x21 || (c >= 0x23 && c <= 0x27) || c == 0x2A || c == 0x2B || c == 0x2D
                    || c == 0x2E || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x5E && c <= 0x7E);
            if (!token) {
                throw new SdpException(n, "a=mid must be a token (RFC 8866 §9), not '" + arg + "'");
            }
        }
        return arg;
    }

    /** a=rtpmap:<pt> <name>/<clock>[/<channels>] (RFC 8866 §6.6). */
    private static Codec rtpmap(int n, String arg) throws SdpException {
        int sp = arg.indexOf(' ');
        if (sp < 0) {
            throw new SdpException(n, "a=rtpmap needs <pt> <encoding>/<clock rate>");
        }
        int pt = number(n, arg.substring(0, sp), 0, 127, "payload type");
        String[] enc = arg.substring(sp + 1).trim().split("/");
        if (enc.length < 2) {
            throw new SdpException(n, "a=rtpmap needs <encoding>/<clock rate>");
        }
        int clock = number(n, enc[1], 1, Integer.MAX_VALUE, "clock rate");
        int channels = enc.length > 2 ? number(n, enc[2], 1, 255, "channels") : 1;
        return new Codec(pt, enc[0], clock, channels, "", List.of());
    }

    /** a=simulcast:send q;h;f recv ... (RFC 8853 §5.1), '~' marks paused streams. */
    private static Simulcast simulcast(String arg) {
        List<List<String>> send = List.of();
        List<List<String>> recv = List.of();
        List<String> f = words(arg);
        for (int i = 0; i + 1 < f.size(); i += 2) {
            List<List<String>> streams = new ArrayList<>();
            for (String alternatives : f.get(i + 1).split(";")) {
                List<String> ids = new ArrayList<>();
                for (String id : alternatives.split(",")) {
                    ids.add(id.startsWith("~") ? id.substring(1) : id);
                }
                streams.add(ids);
            }
            if (f.get(i).equals("send")) {
                send = streams;
            } else if (f.get(i).equals("recv")) {
                recv = streams;
            }
        }
        return new Simulcast(send, recv);
    }

    static Fingerprint fingerprint(int n, String arg) throws SdpException {
        List<String> f = words(arg);
        if (f.size() != 2) {
            throw new SdpException(n, "a=fingerprint needs <hash-func> <fingerprint>");
        }
        return new Fingerprint(f.get(0).toLowerCase(Locale.ROOT), f.get(1).toUpperCase(Locale.ROOT));
    }

    private static long ssrc(int n, String s) throws SdpException {
        try {
            long v = Long.parseLong(s);
            if (v < 0 || v > 0xFFFFFFFFL) {
                throw new SdpException(n, "SSRC out of range: " + s);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new SdpException(n, "not an SSRC: " + s);
        }
    }

    private static int number(int n, String s, int min, int max, String what) throws SdpException {
        try {
            int v = Integer.parseInt(s.trim());
            if (v < min || v > max) {
                throw new SdpException(n, what + " out of range: " + s);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new SdpException(n, "not a number (" + what + "): " + s);
        }
    }

    static List<String> words(String s) {
        String t = s.trim();
        return t.isEmpty() ? List.of() : Arrays.asList(t.split("\\s+"));
    }
}
