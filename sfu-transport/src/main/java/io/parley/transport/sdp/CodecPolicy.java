package io.parley.transport.sdp;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the server accepts, in preference order: codec names, header extensions and RTCP feedback.
 *
 * @param rtx whether the server retransmits to subscribers on RTX streams (RFC 4588) when they
 *            offer RTX; off, it resends the original packets (§3 allows either). Publishers are
 *            never offered RTX: they resend originals, which the routing takes as they come.
 * @param publisherStartKbps where a publishing browser's bandwidth estimate starts
 *            (x-google-start-bitrate in our answer, read by libwebrtc), so that its simulcast
 *            top layer flows at once rather than after a slow ramp; 0 leaves the browser's default
 */
public record CodecPolicy(List<String> audioCodecs, List<String> videoCodecs, boolean rtx,
                          Set<String> extensions, Set<String> rtcpFeedback, int publisherStartKbps) {
    private static final String NACK = "nack";

    public CodecPolicy {
        audioCodecs = List.copyOf(audioCodecs);
        videoCodecs = List.copyOf(videoCodecs);
        extensions = Set.copyOf(extensions);
        rtcpFeedback = Set.copyOf(rtcpFeedback);
    }

    public static CodecPolicy defaults() {
        return new CodecPolicy(List.of("opus"), List.of("VP8", "H264"), true,
                Set.of(RtpExtensions.MID, RtpExtensions.RID, RtpExtensions.REPAIRED_RID, RtpExtensions.AUDIO_LEVEL,
                        RtpExtensions.ABS_SEND_TIME),
                Set.of(NACK, "nack pli", "ccm fir"), 0);
    }

    public CodecPolicy withAudioCodecs(List<String> names) {
        return new CodecPolicy(names, videoCodecs, rtx, extensions, rtcpFeedback, publisherStartKbps);
    }

    public CodecPolicy withVideoCodecs(List<String> names) {
        return new CodecPolicy(audioCodecs, names, rtx, extensions, rtcpFeedback, publisherStartKbps);
    }

    /** With or without generic NACK feedback (RFC 4585 §4.2 "nack") and RTX; PLI and FIR stay. */
    public CodecPolicy withNack(boolean nack) {
        Set<String> feedback = new HashSet<>(rtcpFeedback);
        if (nack) {
            feedback.add(NACK);
        } else {
            feedback.remove(NACK);
        }
        return new CodecPolicy(audioCodecs, videoCodecs, nack, extensions, feedback, publisherStartKbps);
    }

    public CodecPolicy withPublisherStartKbps(int kbps) {
        return new CodecPolicy(audioCodecs, videoCodecs, rtx, extensions, rtcpFeedback, kbps);
    }
}
