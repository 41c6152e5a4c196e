package io.parley.transport.sdp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A parsed session description. The parser checks the structure WebRTC needs and ignores
 * attributes it does not use: browsers add new ones all the time (RFC 8866 §5.13: unknown
 * attributes are to be ignored).
 */
public final class SessionDescription {
    /** What {@link #parse(String)} accepts: the server passes its configured limits instead. */
    static final int MAX_BYTES = 64 * 1024;
    static final int MAX_MEDIA = 64;
    static final int MAX_LINE = 4096;
    /**
     * Per m-line: payload formats (a type is 0..127, Chromium offers about 35), attribute lines
     * (Chromium writes about 150), candidates, feedback lines. Parsing stays linear in the
     * input and every list it builds is bounded, whatever an offer repeats.
     */
    static final int MAX_FORMATS = 128;
    static final int MAX_ATTRIBUTES = 1024;
    static final int MAX_CANDIDATES = 64;
    static final int MAX_FEEDBACK = 256;
    static final int MAX_SSRC_LINES = 256;
    /** The one-byte header extension form carries up to 16 bytes (RFC 8285 §4.2). */
    static final int MAX_MID = 16;

    private final List<MediaSection> media;
    private final List<String> bundleMids;
    private final boolean extmapAllowMixed;

    private SessionDescription(List<MediaSection> media, List<String> bundleMids, boolean extmapAllowMixed) {
        this.media = List.copyOf(media);
        this.bundleMids = List.copyOf(bundleMids);
        this.extmapAllowMixed = extmapAllowMixed;
    }

    public List<MediaSection> media() {
        return media;
    }

    /** The mids of a=group:BUNDLE (RFC 8843 §7.1), empty if none. */
    public List<String> bundleMids() {
        return bundleMids;
    }

    /**
     * The m-line whose transport the whole bundle uses: the first mid of the BUNDLE group (the
     * offerer-tagged m= section, RFC 8843 §7.2.1), or the first m-line when there is no group.
     * Null without m-lines.
     */
    public MediaSection transportSection() {
        if (!bundleMids.isEmpty()) {
            for (MediaSection m : media) {
                if (bundleMids.get(0).equals(m.mid()) && !m.isRejected()) {
                    return m;
                }
            }
        }
        return media.isEmpty() ? null : media.get(0);
    }

    /** RFC 8285 §6: the offerer can receive one- and two-byte extensions mixed. */
    public boolean extmapAllowMixed() {
        return extmapAllowMixed;
    }

    public static SessionDescription parse(String sdp) throws SdpException {
        return parse(sdp, MAX_BYTES, MAX_MEDIA);
    }

    /**
     * @param maxChars         longest description accepted
     * @param maxMediaSections most m-lines accepted: each one a track sent or received
     */
    public static SessionDescription parse(String sdp, int maxChars, int maxMediaSections) throws SdpException {
        if (sdp == null || sdp.isEmpty()) {
            throw new SdpException(0, "empty session description");
        }
        if (sdp.length() > maxChars) {
            throw new SdpException(0, "session description longer than " + maxChars + " characters");
        }
        String[] lines = sdp.split("\r?\n");
        List<MediaSection.Builder> sections = new ArrayList<>();
        List<String> bundle = List.of();
        boolean allowMixed = false;
        String sessionUfrag = null;
        String sessionPwd = null;
        Fingerprint sessionFingerprint = null;
        String sessionSetup = null;
        MediaSection.Builder m = null;
        boolean sawVersion = false;
        for (int i = 0; i < lines.length; i++) {
            int n = i + 1;
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            if (line.length() > MAX_LINE) {
                throw new SdpException(n, "line longer than " + MAX_LINE + " characters");
            }
            if (line.length() < 2 || line.charAt(1) != '=') {
                throw new SdpException(n, "expected <type>=<value>");
            }
            char type = line.charAt(0);
            String value = line.substring(2);
            if (!sawVersion) {
                if (type != 'v' || !value.equals("0")) {
                    throw new SdpException(n, "a session description starts with v=0");
                }
                sawVersion = true;
                continue;
            }
            if (type == 'm') {
                if (sections.size() == maxMediaSections) {
                    throw SdpException.tooManyMediaSections(n, maxMediaSections);
                }
                m = parseMediaLine(n, value);
                sections.add(m);
                continue;
            }
            if (type != 'a') {
                continue;
            }
            int colon = value.indexOf(':');
            String name = colon < 0 ? value : value.substring(0, colon);
            String arg = colon < 0 ? "" : value.substring(colon + 1).trim();
            if (m == null) {
                switch (name) {
                    case "group" -> {
                        if (arg.startsWith("BUNDLE")) {
                            bundle = words(arg.substring("BUNDLE".length()));
                        }
                    }
                    case "extmap-allow-mixed" -> allowMixed = true;
                    case "ice-ufrag" -> sessionUfrag = arg;
                    case "ice-pwd" -> sessionPwd = arg;
                    case "fingerprint" -> sessionFingerprint = fingerprint(n, arg);
                    case "setup" -> sessionSetup = arg;
                    default -> { }
                }
            } else {
                mediaAttribute(n, m, name, arg);
            }
        }
        if (!sawVersion) {
            throw new SdpException(0, "no v= line");
        }
        List<MediaSection> media = new ArrayList<>();
        for (MediaSection.Builder b : sections) {
            if (b.iceUfrag == null) {
                b.iceUfrag = sessionUfrag;
            }
            if (b.icePwd == null) {
                b.icePwd = sessionPwd;
            }
            if (b.fingerprint == null) {
                b.fingerprint = sessionFingerprint;
            }
            if (b.setup == null) {
                b.setup = sessionSetup;
            }
            media.add(new MediaSection(b, b.mid != null && bundle.contains(b.mid)));
        }
        return new SessionDescription(media, bundle, allowMixed);
    }

    /** m=<media> <port>[/<n>] <proto> <fmt> ... (RFC 8866 §5.14). */
    private static MediaSection.Builder parseMediaLine(int n, String value) throws SdpException {
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
                if (b.formats.size() == MAX_FORMATS) {
                    throw new SdpException(n, "more than " + MAX_FORMATS + " formats on one m-line");
                }
                b.formats.add(format);
            }
        }
        return b;
    }

    private static void mediaAttribute(int n, MediaSection.Builder m, String name, String arg) throws SdpException {
        if (++m.attributes > MAX_ATTRIBUTES) {
            throw new SdpException(n, "more than " + MAX_ATTRIBUTES + " attributes on one m-line");
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
                if (m.candidates.size() == MAX_CANDIDATES) {
                    throw new SdpException(n, "more than " + MAX_CANDIDATES + " candidates on one m-line");
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
                    if (++m.feedbackLines > MAX_FEEDBACK) {
                        throw new SdpException(n, "more than " + MAX_FEEDBACK + " a=rtcp-fb lines on one m-line");
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
                if (m.ssrcs.size() == MAX_SSRC_LINES) {
                    throw new SdpException(n, "more than " + MAX_SSRC_LINES + " a=ssrc lines on one m-line");
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
        if (arg.isEmpty() || arg.length() > MAX_MID) {
            throw new SdpException(n, "a=mid must be 1 to " + MAX_MID + " characters");
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

    private static Fingerprint fingerprint(int n, String arg) throws SdpException {
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

    private static List<String> words(String s) {
        String t = s.trim();
        return t.isEmpty() ? List.of() : Arrays.asList(t.split("\\s+"));
    }
}
