package io.parley.transport;

/** RFC 7983 §7: what a datagram on the shared 5-tuple carries, by its first byte. */
public final class PacketClassifier {
    public enum Kind { STUN, DTLS, RTP_RTCP, UNKNOWN }

    private PacketClassifier() {
    }

    public static Kind classify(int firstByte) {
        if (firstByte <= 3) {
            return Kind.STUN;
        }
        if (firstByte >= 20 && firstByte <= 63) {
            return Kind.DTLS;
        }
        if (firstByte >= 128 && firstByte <= 191) {
            return Kind.RTP_RTCP;
        }
        return Kind.UNKNOWN;
    }

    /** RFC 5761 §4: with rtcp-mux, RTCP packet types 192..223 sit where RTP has M bit + PT. */
    public static boolean isRtcp(int secondByte) {
        return secondByte >= 192 && secondByte <= 223;
    }
}
