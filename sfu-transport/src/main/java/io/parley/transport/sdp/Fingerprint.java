package io.parley.transport.sdp;

/** a=fingerprint (RFC 8122 §5): hash function name in lower case, value in upper-case hex pairs. */
public record Fingerprint(String algorithm, String value) {}
