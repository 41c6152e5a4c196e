package io.parley.core.room;

/** What a track carries. */
public enum MediaKind {
    AUDIO, VIDEO;

    /** The SDP media type (RFC 8866 §5.14). */
    public String sdpName() {
        return this == AUDIO ? "audio" : "video";
    }

    public static MediaKind fromSdp(String media) {
        return switch (media) {
            case "audio" -> AUDIO;
            case "video" -> VIDEO;
            default -> throw new IllegalArgumentException("not an RTP media kind: " + media);
        };
    }
}
