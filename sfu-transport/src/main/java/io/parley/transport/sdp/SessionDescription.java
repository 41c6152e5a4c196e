package io.parley.transport.sdp;

import java.util.ArrayList;
import java.util.List;

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
                m = MediaLines.parseMediaLine(n, value);
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
                            bundle = MediaLines.words(arg.substring("BUNDLE".length()));
                        }
                    }
                    case "extmap-allow-mixed" -> allowMixed = true;
                    case "ice-ufrag" -> sessionUfrag = arg;
                    case "ice-pwd" -> sessionPwd = arg;
                    case "fingerprint" -> sessionFingerprint = MediaLines.fingerprint(n, arg);
                    case "setup" -> sessionSetup = arg;
                    default -> { }
                }
            } else {
                MediaLines.mediaAttribute(n, m, name, arg);
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
}
