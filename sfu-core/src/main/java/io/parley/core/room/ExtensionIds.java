package io.parley.core.room;

/**
 * The RTP header extension ids one participant's link negotiated (RFC 8285), 0 when absent. With
 * BUNDLE a browser numbers an extension the same on every m-line, so one set serves a participant.
 */
public record ExtensionIds(int mid, int rid, int repairedRid, int audioLevel, int transportCc,
                           int dependencyDescriptor) {
    public static final ExtensionIds NONE = new ExtensionIds(0, 0, 0, 0, 0, 0);

    public ExtensionIds {
        check(mid);
        check(rid);
        check(repairedRid);
        check(audioLevel);
        check(transportCc);
        check(dependencyDescriptor);
    }

    /** Without transport-wide congestion control sequence numbers. */
    public ExtensionIds(int mid, int rid, int repairedRid, int audioLevel) {
        this(mid, rid, repairedRid, audioLevel, 0, 0);
    }

    private static void check(int id) {
        if (id < 0 || id > 255) {
            throw new IllegalArgumentException("header extension id out of range: " + id);
        }
    }
}
