package io.parley.core.codec;

/**
 * The video payload formats whose packets the server reads: to resume a stream at a decodable
 * point, to know when a keyframe request has been answered, to choose temporal layers and to
 * keep picture numbers continuous. {@link FrameInfo} reads each with its own reader.
 */
public enum VideoCodec {
    /** RFC 7741, read by {@link Vp8Payload}. */
    VP8,
    /** RFC 9628, read by {@link Vp9Descriptor}. */
    VP9,
    /** The AV1 RTP specification, read from its aggregation header and {@link DependencyDescriptor}. */
    AV1,
    /** RFC 6184, read by {@link H264Payload}. */
    H264,
    /** Audio or a format we forward blindly: no packet counts as a keyframe. */
    OTHER;

    /** The format for an SDP encoding name (case-insensitive, RFC 4855 §3); null is {@link #OTHER}. */
    public static VideoCodec of(String encodingName) {
        for (VideoCodec codec : values()) {
            if (codec != OTHER && codec.name().equalsIgnoreCase(encodingName)) {
                return codec;
            }
        }
        return OTHER;
    }

    /** Whether its keyframes can be told apart: subscribers then start at one. */
    public boolean knowsKeyframes() {
        return this != OTHER;
    }

    /**
     * Whether its payload descriptor numbers pictures (PictureID, TL0PICIDX: RFC 7741 §4.2, RFC
     * 9628 §4.2), numbers a subscriber's copy must keep continuous across layer switches.
     */
    public boolean numbersPictures() {
        return this == VP8 || this == VP9;
    }

    /**
     * Whether a forwarder closes the gaps that pictures it leaves out would leave in the
     * PictureIDs. VP8's run up by one per picture (RFC 7741 §4.2), and a decoder that sees one
     * missing waits for it. VP9's keep their gaps: its references (P_DIFF) and picture groups count
     * in PictureIDs (RFC 9628 §4.2), and its receivers expect upper layers to go missing.
     */
    public boolean closesPictureGaps() {
        return this == VP8;
    }
}
