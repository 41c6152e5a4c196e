package io.parley.transport.sdp;

/** Media direction attributes (RFC 8866 §6.7); without one an m-line is sendrecv. */
public enum Direction {
    SENDRECV, SENDONLY, RECVONLY, INACTIVE;

    public String sdpName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Direction fromAttribute(String name) {
        return switch (name) {
            case "sendrecv" -> SENDRECV;
            case "sendonly" -> SENDONLY;
            case "recvonly" -> RECVONLY;
            case "inactive" -> INACTIVE;
            default -> null;
        };
    }
}
