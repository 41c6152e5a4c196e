package io.parley.transport.sdp;

import java.util.List;

/**
 * Our answer to one offered m-line (RFC 3264 §6). Codecs and extension ids keep the offer's
 * numbering, as an answer must.
 *
 * @param port         9 when accepted (the real address is in the candidates), 0 when rejected
 * @param direction    our direction
 * @param recvRids     rids we accept to receive (RFC 8853 §5.3), empty without simulcast
 */
public record MediaAnswer(String mid, String kind, int port, String protocol, Direction direction,
                          List<Codec> codecs, List<ExtMap> extensions, boolean rtcpRsize,
                          List<SendStream> sendStreams, List<Rid> recvRids, String rejectedFormat) {
    public MediaAnswer {
        codecs = List.copyOf(codecs);
        extensions = List.copyOf(extensions);
        sendStreams = List.copyOf(sendStreams);
        recvRids = List.copyOf(recvRids);
    }

    public boolean isRejected() {
        return port == 0;
    }

    /** The media codec (not RTX, RED or FEC), or null when rejected. */
    public Codec primaryCodec() {
        return codecs.isEmpty() ? null : codecs.get(0);
    }

    /** The negotiated id of an extension, or -1. */
    public int extensionId(String uri) {
        for (ExtMap e : extensions) {
            if (e.uri().equals(uri)) {
                return e.id();
            }
        }
        return -1;
    }
}
