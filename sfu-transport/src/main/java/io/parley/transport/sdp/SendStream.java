package io.parley.transport.sdp;

/** A stream we send on an m-line: its SSRC, CNAME (RFC 7022) and msid (RFC 8830). */
public record SendStream(long ssrc, String cname, String streamId, String trackId) {}
