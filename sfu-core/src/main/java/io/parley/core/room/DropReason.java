package io.parley.core.room;

/** Why the routing core discarded an incoming packet; each is counted per room. */
public enum DropReason {
    MALFORMED_RTP,
    MALFORMED_RTCP,
    UNKNOWN_SSRC,
    NOT_JOINED
}
