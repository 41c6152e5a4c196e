package io.parley.transport.sdp;

import java.util.List;
import java.util.Set;

/**
 * What the server accepts, in preference order: codec names, header extensions and RTCP feedback.
 *
 * @param rtx whether to accept RTX (RFC 4588) along with a codec; off until loss repair exists
 */
public record CodecPolicy(List<String> audioCodecs, List<String> videoCodecs, boolean rtx,
                          Set<String> extensions, Set<String> rtcpFeedback) {
    public CodecPolicy {
        audioCodecs = List.copyOf(audioCodecs);
        videoCodecs = List.copyOf(videoCodecs);
        extensions = Set.copyOf(extensions);
        rtcpFeedback = Set.copyOf(rtcpFeedback);
    }

    public static CodecPolicy defaults() {
        return new CodecPolicy(List.of("opus"), List.of("VP8", "H264"), false,
                Set.of(RtpExtensions.MID, RtpExtensions.RID, RtpExtensions.REPAIRED_RID, RtpExtensions.AUDIO_LEVEL,
                        RtpExtensions.ABS_SEND_TIME),
                Set.of("nack", "nack pli", "ccm fir"));
    }

    public CodecPolicy withAudioCodecs(List<String> names) {
        return new CodecPolicy(names, videoCodecs, rtx, extensions, rtcpFeedback);
    }

    public CodecPolicy withVideoCodecs(List<String> names) {
        return new CodecPolicy(audioCodecs, names, rtx, extensions, rtcpFeedback);
    }
}
