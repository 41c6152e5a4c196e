package io.parley.transport.sdp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One m-line of a session description with its attributes (RFC 8866 §5.14). Immutable. */
public final class MediaSection {
    private final String kind;
    private final int port;
    private final String protocol;
    private final List<String> formats;
    private final String mid;
    private final Direction direction;
    private final String iceUfrag;
    private final String icePwd;
    private final Fingerprint fingerprint;
    private final String setup;
    private final boolean rtcpMux;
    private final boolean rtcpRsize;
    private final List<Codec> codecs;
    private final List<ExtMap> extensions;
    private final List<Rid> rids;
    private final Simulcast simulcast;
    private final List<SsrcAttribute> ssrcs;
    private final List<SsrcGroup> ssrcGroups;
    private final String msid;
    private final List<String> candidates;
    private final boolean bundledOnly;

    MediaSection(Builder b, boolean inBundleGroup) {
        kind = b.kind;
        port = b.port;
        protocol = b.protocol;
        formats = List.copyOf(b.formats);
        mid = b.mid;
        direction = b.direction == null ? Direction.SENDRECV : b.direction;
        iceUfrag = b.iceUfrag;
        icePwd = b.icePwd;
        fingerprint = b.fingerprint;
        setup = b.setup;
        rtcpMux = b.rtcpMux;
        rtcpRsize = b.rtcpRsize;
        codecs = List.copyOf(b.codecs());
        extensions = List.copyOf(b.extensions);
        rids = List.copyOf(b.rids);
        simulcast = b.simulcast;
        ssrcs = List.copyOf(b.ssrcs);
        ssrcGroups = List.copyOf(b.ssrcGroups);
        msid = b.msid;
        candidates = List.copyOf(b.candidates);
        bundledOnly = b.bundleOnly && inBundleGroup;
    }

    public String kind() {
        return kind;
    }

    public int port() {
        return port;
    }

    public String protocol() {
        return protocol;
    }

    public List<String> formats() {
        return formats;
    }

    public String mid() {
        return mid;
    }

    public Direction direction() {
        return direction;
    }

    public String iceUfrag() {
        return iceUfrag;
    }

    public String icePwd() {
        return icePwd;
    }

    public Fingerprint fingerprint() {
        return fingerprint;
    }

    /** a=setup value (RFC 4145 §4): actpass, active, passive or holdconn; null if absent. */
    public String setup() {
        return setup;
    }

    public boolean rtcpMux() {
        return rtcpMux;
    }

    public boolean rtcpRsize() {
        return rtcpRsize;
    }

    /** Payload formats in m-line order. */
    public List<Codec> codecs() {
        return codecs;
    }

    public List<ExtMap> extensions() {
        return extensions;
    }

    public List<Rid> rids() {
        return rids;
    }

    public Simulcast simulcast() {
        return simulcast;
    }

    public List<SsrcAttribute> ssrcs() {
        return ssrcs;
    }

    public List<SsrcGroup> ssrcGroups() {
        return ssrcGroups;
    }

    /** a=msid value (RFC 8830 §2), or null. */
    public String msid() {
        return msid;
    }

    /** a=candidate values as written (after "candidate:"). */
    public List<String> candidates() {
        return candidates;
    }

    /**
     * Port zero refuses an m-line (RFC 3264 §6), unless it is {@code a=bundle-only} in the BUNDLE
     * group (RFC 8843 §6): then it only has no transport of its own, which max-bundle offers of
     * Firefox and GStreamer do for every m-line but the first.
     */
    public boolean isRejected() {
        return port == 0 && !bundledOnly;
    }

    public Codec codecByPt(int pt) {
        for (Codec c : codecs) {
            if (c.pt() == pt) {
                return c;
            }
        }
        return null;
    }

    /** The RTX format whose apt names this payload type (RFC 4588 §8.6), or null. */
    public Codec rtxFor(int apt) {
        for (Codec c : codecs) {
            if (c.isNamed("rtx") && String.valueOf(apt).equals(c.fmtpParams().get("apt"))) {
                return c;
            }
        }
        return null;
    }

    /** Declared SSRCs that are not the repair stream of an FID group (RFC 5576 §4.2, RFC 4588). */
    public List<Long> primarySsrcs() {
        Set<Long> repair = new HashSet<>();
        for (SsrcGroup g : ssrcGroups) {
            if ("FID".equals(g.semantics()) && g.ssrcs().size() == 2) {
                repair.add(g.ssrcs().get(1));
            }
        }
        List<Long> out = new ArrayList<>();
        for (SsrcAttribute a : ssrcs) {
            if (!repair.contains(a.ssrc()) && !out.contains(a.ssrc())) {
                out.add(a.ssrc());
            }
        }
        return out;
    }

    /** Collects one m-line while parsing. */
    static final class Builder {
        String kind;
        int port;
        String protocol;
        List<String> formats = new ArrayList<>();
        String mid;
        Direction direction;
        String iceUfrag;
        String icePwd;
        Fingerprint fingerprint;
        String setup;
        boolean rtcpMux;
        boolean rtcpRsize;
        boolean bundleOnly;
        /** a=rtpmap by payload type: one each. */
        final Map<Integer, Codec> rtpmaps = new HashMap<>();
        final Map<Integer, String> fmtps = new HashMap<>();
        final Map<String, List<String>> feedback = new HashMap<>();
        int attributes;
        int feedbackLines;
        final List<ExtMap> extensions = new ArrayList<>();
        final List<Rid> rids = new ArrayList<>();
        Simulcast simulcast;
        final List<SsrcAttribute> ssrcs = new ArrayList<>();
        final List<SsrcGroup> ssrcGroups = new ArrayList<>();
        String msid;
        final List<String> candidates = new ArrayList<>();

        /**
         * The formats that have an rtpmap, in m-line order (each once: the m-line's formats are
         * kept unique), with their fmtp and rtcp-fb (including a=rtcp-fb:* ones).
         */
        List<Codec> codecs() {
            List<Codec> out = new ArrayList<>();
            List<String> anyFormat = feedback.getOrDefault("*", List.of());
            for (String f : formats) {
                Codec c = rtpmaps.get(payloadType(f));
                if (c != null) {
                    List<String> fb = new ArrayList<>(feedback.getOrDefault(f, List.of()));
                    fb.addAll(anyFormat);
                    out.add(new Codec(c.pt(), c.name(), c.clockRate(), c.channels(),
                            fmtps.getOrDefault(c.pt(), ""), fb));
                }
            }
            return out;
        }

        private static int payloadType(String format) {
            try {
                return Integer.parseInt(format);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }
}
