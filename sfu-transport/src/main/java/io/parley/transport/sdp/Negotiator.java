package io.parley.transport.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Chooses what to accept from each offered m-line (RFC 3264 §6.1): one codec per m-line, so that
 * a track has exactly one format every subscriber can be given, the header extensions the
 * routing uses, and the RTCP feedback it handles. Stateless.
 */
public final class Negotiator {
    private static final String H264_PREFERRED_PROFILE = "42e0";
    private static final String TRANSPORT_CC_FEEDBACK = "transport-cc";

    private final CodecPolicy policy;

    public Negotiator(CodecPolicy policy) {
        this.policy = policy;
    }

    /**
     * For an m-line the client sends on: we receive the most preferred codec it offers. Audio and
     * video alike take transport-wide CC when offered, so that every packet the browser sends
     * carries a transport-wide sequence number and our feedback about them all drives its
     * send-side estimate of the uplink.
     */
    public MediaAnswer answerPublish(MediaSection offer) {
        Codec chosen = preferred(offer);
        if (chosen == null) {
            return reject(offer);
        }
        List<ExtMap> extensions = supportedExtensions(offer);
        Codec answered = acceptTransportCc(offer, chosen, filterFeedback(chosen), extensions);
        if (chosen.isNamed("AV1")) {
            // AV1 says its frames' layers only in the dependency descriptor.
            acceptDependencyDescriptor(offer, extensions);
        }
        if ("video".equals(offer.kind()) && policy.publisherStartKbps() > 0) {
            answered = answered.withFmtpParam("x-google-start-bitrate=" + policy.publisherStartKbps());
        }
        List<Codec> codecs = List.of(answered);
        List<Rid> recvRids = new ArrayList<>();
        if (offer.simulcast() != null) {
            for (Rid r : offer.rids()) {
                if (r.direction().equals("send")) {
                    recvRids.add(new Rid(r.id(), "recv", ""));
                }
            }
        }
        return new MediaAnswer(offer.mid(), offer.kind(), 9, offer.protocol(), Direction.RECVONLY, codecs,
                extensions, offer.rtcpRsize(), List.of(), recvRids, null);
    }

    /**
     * For an m-line the client receives a remote track on: we send the publisher's codec under
     * the number this client gave it, with RTX for retransmissions when the policy and the offer
     * have it (else the stream's RTX SSRC is dropped); inactive when the client cannot decode it.
     * AV1 goes with the publisher's dependency descriptor when the client offers it and mixed
     * extension forms ({@code allowMixed}, RFC 8285 §6): libwebrtc finds an SVC stream's frame
     * boundaries and references in it, and a descriptor with its structure needs the two-byte form.
     */
    public MediaAnswer answerSubscribe(MediaSection offer, Codec publisherCodec, SendStream stream,
                                       boolean allowMixed) {
        Codec match = null;
        for (Codec c : offer.codecs()) {
            if (compatible(c, publisherCodec)) {
                match = c;
                break;
            }
        }
        if (match == null || offer.direction() == Direction.SENDONLY || offer.direction() == Direction.INACTIVE) {
            return answerInactive(offer);
        }
        List<Codec> codecs = new ArrayList<>();
        Codec answered = filterFeedback(match);
        List<ExtMap> extensions = supportedExtensions(offer);
        // Transport-wide CC on the video we send: the subscriber's feedback drives our estimate
        // of its downlink.
        if ("video".equals(offer.kind())) {
            answered = acceptTransportCc(offer, match, answered, extensions);
        }
        if (allowMixed && match.isNamed("AV1")) {
            acceptDependencyDescriptor(offer, extensions);
        }
        codecs.add(answered);
        Codec rtx = offer.rtxFor(match.pt());
        if (policy.rtx() && rtx != null && stream.rtxSsrc() != 0) {
            codecs.add(rtx.withRtcpFb(List.of()));
        } else {
            stream = stream.withoutRtx();
        }
        return new MediaAnswer(offer.mid(), offer.kind(), 9, offer.protocol(), Direction.SENDONLY,
                codecs, extensions, offer.rtcpRsize(), List.of(stream), List.of(), null);
    }

    /** Keeps the m-line in the bundle but carries nothing (RFC 3264 §6.1 a=inactive). */
    public MediaAnswer answerInactive(MediaSection offer) {
        if (offer.codecs().isEmpty()) {
            return reject(offer);
        }
        return new MediaAnswer(offer.mid(), offer.kind(), 9, offer.protocol(), Direction.INACTIVE,
                List.of(offer.codecs().get(0).withRtcpFb(List.of())), supportedExtensions(offer), offer.rtcpRsize(),
                List.of(), List.of(), null);
    }

    /** Port zero (RFC 3264 §6): the m-line is refused. */
    public MediaAnswer reject(MediaSection offer) {
        String format = offer.formats().isEmpty() ? "0" : offer.formats().get(0);
        return new MediaAnswer(offer.mid(), offer.kind(), 0, offer.protocol(), Direction.INACTIVE, List.of(),
                List.of(), false, List.of(), List.of(), format);
    }

    private Codec preferred(MediaSection offer) {
        List<String> names = switch (offer.kind()) {
            case "audio" -> policy.audioCodecs();
            case "video" -> policy.videoCodecs();
            default -> List.of();
        };
        for (String name : names) {
            Codec best = null;
            for (Codec c : offer.codecs()) {
                if (!c.isNamed(name) || !usable(c)) {
                    continue;
                }
                if (best == null || (c.isNamed("H264") && h264Profile(c).startsWith(H264_PREFERRED_PROFILE)
                        && !h264Profile(best).startsWith(H264_PREFERRED_PROFILE))) {
                    best = c;
                }
            }
            if (best != null) {
                return best;
            }
        }
        return null;
    }

    /** Opus is 48 kHz stereo by definition (RFC 7587 §7); H.264 needs non-interleaved mode 1. */
    private static boolean usable(Codec c) {
        if (c.isNamed("opus")) {
            return c.clockRate() == 48000 && c.channels() == 2;
        }
        if (c.isNamed("H264")) {
            return "1".equals(c.fmtpParams().get("packetization-mode"));
        }
        return true;
    }

    /**
     * Same encoding, clock and channels; for H.264 also the same packetization mode and profile
     * (profile_idc and profile-iop, RFC 6184 §8.1), the level may differ; for VP9 the same
     * profile-id (RFC 9628 §6.1) and for AV1 the same profile (AV1 RTP specification §7.2.1),
     * both 0 when absent.
     */
    static boolean compatible(Codec offered, Codec wanted) {
        if (!offered.isNamed(wanted.name()) || offered.clockRate() != wanted.clockRate()
                || offered.channels() != wanted.channels()) {
            return false;
        }
        if (wanted.isNamed("H264")) {
            String pm = offered.fmtpParams().getOrDefault("packetization-mode", "0");
            return pm.equals(wanted.fmtpParams().getOrDefault("packetization-mode", "0"))
                    && h264Profile(offered).equals(h264Profile(wanted));
        }
        String profile = wanted.isNamed("VP9") ? "profile-id" : wanted.isNamed("AV1") ? "profile" : null;
        return profile == null || offered.fmtpParams().getOrDefault(profile, "0")
                .equals(wanted.fmtpParams().getOrDefault(profile, "0"));
    }

    private static String h264Profile(Codec c) {
        String id = c.fmtpParams().getOrDefault("profile-level-id", "42001f").toLowerCase(Locale.ROOT);
        return id.length() >= 4 ? id.substring(0, 4) : id;
    }

    private Codec filterFeedback(Codec c) {
        List<String> kept = new ArrayList<>();
        for (String fb : c.rtcpFb()) {
            if (policy.rtcpFeedback().contains(fb) && !kept.contains(fb)) {
                kept.add(fb);
            }
        }
        return c.withRtcpFb(kept);
    }

    /**
     * Accepts transport-wide CC as offered (draft-holmer-rmcat-transport-wide-cc-extensions-01):
     * adds its header extension (§2) to {@code extensions} and, when the offered codec has it,
     * "transport-cc", the rtcp-fb value browsers give its feedback (§3.1), to the answered codec,
     * which is returned.
     */
    private static Codec acceptTransportCc(MediaSection offer, Codec offered, Codec answered, List<ExtMap> extensions) {
        for (ExtMap e : offer.extensions()) {
            if (e.uri().equals(RtpExtensions.TRANSPORT_CC)) {
                extensions.add(e);
                if (offered.rtcpFb().contains(TRANSPORT_CC_FEEDBACK) && !answered.rtcpFb().contains(TRANSPORT_CC_FEEDBACK)) {
                    List<String> fb = new ArrayList<>(answered.rtcpFb());
                    fb.add(TRANSPORT_CC_FEEDBACK);
                    answered = answered.withRtcpFb(fb);
                }
            }
        }
        return answered;
    }

    private static void acceptDependencyDescriptor(MediaSection offer, List<ExtMap> extensions) {
        for (ExtMap e : offer.extensions()) {
            if (e.uri().equals(RtpExtensions.DEPENDENCY_DESCRIPTOR)) {
                extensions.add(e);
            }
        }
    }

    private List<ExtMap> supportedExtensions(MediaSection offer) {
        List<ExtMap> kept = new ArrayList<>();
        for (ExtMap e : offer.extensions()) {
            if (policy.extensions().contains(e.uri())) {
                kept.add(e);
            }
        }
        return kept;
    }
}
