package io.parley.transport.sdp;

/** a=extmap (RFC 8285 §8): a header extension id and its URI. */
public record ExtMap(int id, String uri) {}
