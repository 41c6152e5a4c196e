package io.parley.bench;

import java.nio.ByteBuffer;

/** Synthetic packets shaped like a browser's. */
final class Packets {
    static final long PUBLISHER_SSRC = 0x11223344L;

    private Packets() {
    }

    /**
     * A VP8 video packet: 12-byte header, a 0xBEDE block with mid "1" (id 4), then a payload that
     * starts a frame (RFC 7741 §4.2 descriptor with S set; §4.3 header with P clear on keyframes).
     */
    /**
     * As {@link #video(int, boolean)}, with a VP8 descriptor that names the frame's temporal layer
     * (RFC 7741 §4.2, T bit and TID).
     */
    static byte[] video(int payloadBytes, boolean keyframe, int temporalId) {
        byte[] p = video(payloadBytes, keyframe);
        int at = 12 + 8;
        System.arraycopy(p, at + 1, p, at + 3, payloadBytes - 3);
        p[at] = (byte) 0x90;
        p[at + 1] = 0x20;
        p[at + 2] = (byte) (temporalId << 6);
        p[at + 3] = (byte) (keyframe ? 0 : 1);
        return p;
    }

    static byte[] video(int payloadBytes, boolean keyframe) {
        ByteBuffer b = ByteBuffer.allocate(12 + 8 + payloadBytes);
        b.put((byte) 0x90).put((byte) 96).putShort((short) 1).putInt(90000).putInt((int) PUBLISHER_SSRC);
        b.putShort((short) 0xBEDE).putShort((short) 1).put((byte) 0x40).put((byte) '1').put((byte) 0).put((byte) 0);
        b.put((byte) 0x10).put((byte) (keyframe ? 0 : 1));
        for (int i = 2; i < payloadBytes; i++) {
            b.put((byte) i);
        }
        return b.array();
    }
}
