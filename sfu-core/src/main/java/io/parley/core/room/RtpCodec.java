package io.parley.core.room;

import java.util.Objects;

/**
 * A negotiated RTP payload format as one side of the call numbers it.
 *
 * @param payloadType the payload type number used on that side's link
 * @param name        encoding name as in SDP rtpmap, e.g. "opus", "VP8"
 * @param clockRate   RTP clock rate in Hz
 * @param channels    audio channels (1 for video)
 * @param fmtp        format parameters as in SDP, "" if none
 */
public record RtpCodec(int payloadType, String name, int clockRate, int channels, String fmtp) {
    public RtpCodec {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type out of range: " + payloadType);
        }
        Objects.requireNonNull(name, "name");
        fmtp = fmtp == null ? "" : fmtp;
    }
}
