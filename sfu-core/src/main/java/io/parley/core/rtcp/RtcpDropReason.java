package io.parley.core.rtcp;

/** Why an RTCP compound packet was rejected. */
public enum RtcpDropReason {
    TRUNCATED, BAD_VERSION, BAD_LENGTH, BAD_PADDING
}
