package io.parley.transport.sdp;

/** a=rid (RFC 8851 §4): an RTP stream id, "send" or "recv", and its restrictions as written. */
public record Rid(String id, String direction, String restrictions) {}
