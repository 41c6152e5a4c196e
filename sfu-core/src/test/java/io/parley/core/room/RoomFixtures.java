package io.parley.core.room;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * What the room tests share: packets built by hand (RTP with extensions, PLI), a fake transport
 * that keeps what the room sends, a listener that records what the room tells, and a way to
 * hand the room a packet as a transport would.
 */
final class RoomFixtures {
    private RoomFixtures() {
    }

    /** RFC 7741: descriptor with S set and partition 0; payload header with P clear (keyframe) or set. */
    static final byte[] VP8_KEYFRAME = {0x10, 0x00, (byte) 0x9d, 0x01, 0x2a};
    static final byte[] VP8_DELTA = {0x10, 0x01, 0x00};

    /** Frees what the room holds (packet caches), as the last participant leaving does. */
    static void leaveAll(Room room) {
        for (Participant p : new ArrayList<>(room.participants())) {
            room.leave(p, "test over");
        }
    }

    static byte[] rtpWithAudioLevel(long ssrc, int seq, int level) {
        return ByteBuffer.allocate(12 + 8 + 3).put((byte) 0x90).put((byte) 111).putShort((short) seq)
                .putInt(960 * seq).putInt((int) ssrc).putShort((short) 0xBEDE).putShort((short) 1)
                .put((byte) 0x10).put((byte) (0x80 | level)).put((byte) 0).put((byte) 0)
                .put(new byte[] {1, 2, 3}).array();
    }

    /** Hands the room one packet as a transport would, keeping ownership of the buffer. */
    static void deliver(Room room, Participant from, byte[] packet, boolean rtcp) {
        ByteBuf buf = Unpooled.wrappedBuffer(packet);
        try {
            if (rtcp) {
                room.onRtcp(from, buf);
            } else {
                room.onRtp(from, buf);
            }
            assertEquals(1, buf.refCnt(), "the room released or retained the caller's buffer");
        } finally {
            buf.release();
        }
    }

    static byte[] rtp(int pt, int seq, long ts, long ssrc, byte[] payload) {
        return ByteBuffer.allocate(12 + payload.length)
                .put((byte) 0x80).put((byte) pt).putShort((short) seq).putInt((int) ts).putInt((int) ssrc)
                .put(payload).array();
    }

    /** An RTP packet with one RFC 8285 one-byte header extension element. */
    static byte[] rtpWithMid(int pt, int seq, long ts, long ssrc, int id, String mid, byte[] payload) {
        byte[] value = mid.getBytes(StandardCharsets.US_ASCII);
        int elements = 1 + value.length;
        int words = (elements + 3) / 4;
        ByteBuffer b = ByteBuffer.allocate(12 + 4 + words * 4 + payload.length)
                .put((byte) 0x90).put((byte) pt).putShort((short) seq).putInt((int) ts).putInt((int) ssrc)
                .putShort((short) 0xBEDE).putShort((short) words)
                .put((byte) ((id << 4) | (value.length - 1))).put(value);
        b.position(12 + 4 + words * 4);
        return b.put(payload).array();
    }

    /** RFC 4585 §6.3.1 PLI, reduced-size (RFC 5506). */
    static byte[] pli(long mediaSsrc) {
        return ByteBuffer.allocate(12).put((byte) 0x81).put((byte) 206).putShort((short) 2)
                .putInt(0x12345678).putInt((int) mediaSsrc).array();
    }

    static long pliMediaSsrc(byte[] rtcp) {
        assertEquals(206, rtcp[1] & 0xFF, "PSFB");
        assertEquals(1, rtcp[0] & 0x1F, "FMT 1 = PLI");
        return ByteBuffer.wrap(rtcp).getInt(8) & 0xFFFFFFFFL;
    }

    static int seq(byte[] p) {
        return ByteBuffer.wrap(p).getShort(2) & 0xFFFF;
    }

    static long timestamp(byte[] p) {
        return ByteBuffer.wrap(p).getInt(4) & 0xFFFFFFFFL;
    }

    static long ssrc(byte[] p) {
        return ByteBuffer.wrap(p).getInt(8) & 0xFFFFFFFFL;
    }

    static byte[] payloadOf(byte[] p) {
        int offset = 12 + 4 * (p[0] & 0x0F);
        if ((p[0] & 0x10) != 0) {
            offset += 4 + 4 * (ByteBuffer.wrap(p).getShort(offset + 2) & 0xFFFF);
        }
        byte[] out = new byte[p.length - offset];
        System.arraycopy(p, offset, out, 0, out.length);
        return out;
    }

    /** The data of extension element {@code id} in either form (RFC 8285 §4.2, §4.3), or null. */
    static byte[] extension(byte[] p, int id) {
        if ((p[0] & 0x10) == 0) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(p);
        int at = 12 + 4 * (p[0] & 0x0F);
        boolean twoByte = (b.getShort(at) & 0xFFF0) == 0x1000;
        int end = at + 4 + 4 * (b.getShort(at + 2) & 0xFFFF);
        for (int i = at + 4; i < end; ) {
            int head = p[i] & 0xFF;
            if (head == 0) {
                i++;
                continue;
            }
            int elementId = twoByte ? head : head >> 4;
            int length = twoByte ? p[i + 1] & 0xFF : (head & 0x0F) + 1;
            int data = i + (twoByte ? 2 : 1);
            if (elementId == id) {
                byte[] value = new byte[length];
                System.arraycopy(p, data, value, 0, length);
                return value;
            }
            i = data + length;
        }
        return null;
    }

    /** The value of a one-byte-form extension element, or null. */
    static String oneByteExtension(byte[] p, int wanted) {
        if ((p[0] & 0x10) == 0) {
            return null;
        }
        int at = 12 + 4 * (p[0] & 0x0F);
        ByteBuffer b = ByteBuffer.wrap(p);
        assertEquals(0xBEDE, b.getShort(at) & 0xFFFF);
        int end = at + 4 + 4 * (b.getShort(at + 2) & 0xFFFF);
        int i = at + 4;
        while (i < end) {
            int head = p[i] & 0xFF;
            if (head == 0) {
                i++;
                continue;
            }
            int id = head >> 4;
            int len = (head & 0x0F) + 1;
            if (id == wanted) {
                return new String(p, i + 1, len, StandardCharsets.US_ASCII);
            }
            i += 1 + len;
        }
        return null;
    }

    /** Captures what the room sends, as byte copies, and releases the buffers as a transport must. */
    static class FakeTransport implements MediaTransport {
        final List<byte[]> rtp = new ArrayList<>();
        final List<byte[]> rtcp = new ArrayList<>();
        long lastActivity = Long.MIN_VALUE;

        @Override
        public void sendRtp(ByteBuf packet) {
            rtp.add(copy(packet));
        }

        @Override
        public void sendRtcp(ByteBuf packet) {
            rtcp.add(copy(packet));
        }

        @Override
        public long lastActivityNanos() {
            return lastActivity;
        }

        private static byte[] copy(ByteBuf packet) {
            byte[] b = new byte[packet.readableBytes()];
            packet.getBytes(packet.readerIndex(), b);
            packet.release();
            return b;
        }
    }

    record RecordingListener(List<String> events) implements RoomListener {
        @Override
        public void participantJoined(Room room, Participant participant) {
            events.add("joined " + participant.id());
        }

        @Override
        public void participantLeft(Room room, Participant participant, String reason) {
            events.add("left " + participant.id());
        }

        @Override
        public void trackPublished(Room room, Track track) {
            events.add("published " + track.id());
        }

        @Override
        public void trackUnpublished(Room room, Track track) {
            events.add("unpublished " + track.id());
        }

        @Override
        public void dominantSpeakerChanged(Room room, Participant speaker) {
            events.add("speaker " + speaker.id());
        }

        @Override
        public void trackMuted(Room room, Track track) {
            events.add((track.isMuted() ? "muted " : "unmuted ") + track.id());
        }

        @Override
        public void subscriptionSuspended(Room room, Subscription s) {
            events.add((s.isSuspended() ? "suspended " : "resumed ") + s.subscriber().id() + " <- " + s.track().id());
        }
    }
}
