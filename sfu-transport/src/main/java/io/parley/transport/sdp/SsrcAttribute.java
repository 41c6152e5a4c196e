package io.parley.transport.sdp;

/** a=ssrc (RFC 5576 §4.1): an attribute of one SSRC, e.g. cname or msid. */
public record SsrcAttribute(long ssrc, String name, String value) {}
