package io.parley.core.rtcp;

/**
 * Why RTCP was rejected. The header-level reasons (the first four) end a compound packet, since
 * nothing after a broken length can be trusted (RFC 3550 Appendix A.2); the others reject one
 * packet of the compound whose body does not match its type and let the rest through.
 */
public enum RtcpDropReason {
    TRUNCATED, BAD_VERSION, BAD_LENGTH, BAD_PADDING,
    /** SR/RR shorter than its report blocks (RFC 3550 §6.4). */
    BAD_REPORT,
    /** SDES chunk or item running past the packet (RFC 3550 §6.5). */
    BAD_SDES,
    /** BYE shorter than its SSRC list or reason (RFC 3550 §6.6). */
    BAD_BYE,
    /** Feedback message too short for its FCI (RFC 4585 §6.1, RFC 5104 §4.3, REMB, transport-cc). */
    BAD_FEEDBACK
}
