package io.parley.transport.sdp;

/**
 * A stream we send on an m-line: its SSRC, CNAME (RFC 7022) and msid (RFC 8830), and the SSRC of
 * its RTX stream (RFC 4588), 0 for none.
 */
public record SendStream(long ssrc, String cname, String streamId, String trackId, long rtxSsrc) {
    /** The same stream without its RTX stream. */
    public SendStream withoutRtx() {
        return new SendStream(ssrc, cname, streamId, trackId, 0);
    }
}
