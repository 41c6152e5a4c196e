package io.parley.core.room;

import static io.parley.core.room.RoomFixtures.deliver;
import static io.parley.core.room.RoomFixtures.pli;
import static io.parley.core.room.RoomFixtures.seq;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.parley.core.room.RoomFixtures.FakeTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What Chromium 156 sends for AV1 L3T3_KEY (three spatial layers on one SSRC), replayed from a
 * capture. Its receiver finds an SVC stream's frames (boundaries, references) only in the
 * dependency descriptor: without it each packet became a frame of its own, nothing decoded and
 * the subscriber asked for keyframes forever. So the descriptor goes out with every packet to a
 * subscriber that negotiated it, byte for byte, the structure in the two-byte form it needs.
 */
class Av1SvcCaptureTest {
    private static final int PUBLISHER_DD_ID = 12;
    private static final int SUBSCRIBER_DD_ID = 7;
    private static final long PUBLISHER_SSRC = 3223716384L;

    private final Room room = new Room("av1", ImmediateEventExecutor.INSTANCE, new PooledByteBufAllocator(false),
            MediaSettings.defaults(), new RoomFixtures.RecordingListener(new ArrayList<>()));

    @AfterEach
    void everyoneLeaves() {
        RoomFixtures.leaveAll(room);
    }

    /** One captured packet: the RTP packet rebuilt with its descriptor, and the descriptor alone. */
    record Captured(int seq, boolean marker, byte[] descriptor, byte[] packet) {
        boolean padding() {
            return RoomFixtures.payloadOf(packet).length == 0;
        }
    }

    @Test
    void theDescriptorGoesWithEveryPacketToSubscribersThatNegotiatedIt() throws IOException {
        List<Captured> capture = capture();
        Participant alice = room.join("alice", "Alice", new FakeTransport());
        alice.setExtensions(new ExtensionIds(0, 0, 0, 0, 0, PUBLISHER_DD_ID));
        RtpCodec av1 = new RtpCodec(45, "AV1", 90000, 1, "");
        Track video = room.publish(alice, "1", MediaKind.VIDEO, av1, new long[] {PUBLISHER_SSRC});
        FakeTransport bobOut = new FakeTransport();
        Participant bob = room.join("bob", "Bob", bobOut);
        room.subscribe(bob, video, 0xB0B0L, "3", av1, new ExtensionIds(0, 0, 0, 0, 0, SUBSCRIBER_DD_ID));
        FakeTransport catOut = new FakeTransport();
        Participant cat = room.join("cat", "Cat", catOut);
        room.subscribe(cat, video, 0xCA7L, "3", av1, ExtensionIds.NONE);

        for (Captured c : capture) {
            deliver(room, alice, c.packet(), false);
        }

        List<Captured> media = capture.stream().filter(c -> !c.padding()).toList();
        assertEquals(media.size(), bobOut.rtp.size(), "every media packet from the keyframe on, no padding");
        for (int i = 0; i < media.size(); i++) {
            byte[] out = bobOut.rtp.get(i);
            assertArrayEquals(media.get(i).descriptor(), RoomFixtures.extension(out, SUBSCRIBER_DD_ID),
                    "the descriptor of packet " + media.get(i).seq() + " as the publisher sent it");
            assertEquals(media.get(i).marker(), (out[1] & 0x80) != 0, "the marker ends the temporal unit");
            assertEquals((seq(bobOut.rtp.get(0)) + i) & 0xFFFF, seq(out), "numbered without the padding's gaps");
            assertNull(RoomFixtures.extension(catOut.rtp.get(i), SUBSCRIBER_DD_ID), "Cat did not negotiate it");
        }
        assertEquals(0x1000, ByteBuffer.wrap(bobOut.rtp.get(0)).getShort(12) & 0xFFFF,
                "the keyframe's descriptor carries its structure: two-byte form (RFC 8285 §4.3)");
        assertTrue(media.get(0).descriptor().length > 16);

        deliver(room, bob, pli(0xB0B0L), true);
        assertEquals(1, room.counted(Counter.KEYFRAME_REQUESTS_REPEATED),
                "a keyframe request right after a keyframe went out is a subscriber that cannot decode");
    }

    /** The capture file, rebuilt as RTP packets whose descriptor is in the two-byte form. */
    private static List<Captured> capture() throws IOException {
        List<Captured> packets = new ArrayList<>();
        try (InputStream in = Av1SvcCaptureTest.class.getResourceAsStream("/captures/chromium-156-av1-L3T3_KEY.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                Map<String, String> f = new HashMap<>();
                for (String field : line.trim().split(" ")) {
                    int eq = field.indexOf('=');
                    f.put(field.substring(0, eq), field.substring(eq + 1));
                }
                byte[] dd = HexFormat.of().parseHex(f.getOrDefault("dd", ""));
                byte[] payload = HexFormat.of().parseHex(f.get("payload"));
                int seq = Integer.parseInt(f.get("seq"));
                boolean marker = f.get("m").equals("1");
                packets.add(new Captured(seq, marker, dd, rtp(Integer.parseInt(f.get("pt")), marker, seq,
                        Long.parseLong(f.get("ts")), Long.parseLong(f.get("ssrc")), dd, payload)));
            }
        }
        return packets;
    }

    private static byte[] rtp(int pt, boolean marker, int seq, long ts, long ssrc, byte[] dd, byte[] payload) {
        int words = dd.length == 0 ? 0 : (2 + dd.length + 3) / 4;
        ByteBuffer b = ByteBuffer.allocate(12 + (words == 0 ? 0 : 4 + 4 * words) + payload.length)
                .put((byte) (words == 0 ? 0x80 : 0x90)).put((byte) ((marker ? 0x80 : 0) | pt))
                .putShort((short) seq).putInt((int) ts).putInt((int) ssrc);
        if (words > 0) {
            b.putShort((short) 0x1000).putShort((short) words).put((byte) PUBLISHER_DD_ID).put((byte) dd.length).put(dd);
            b.position(12 + 4 + 4 * words);
        }
        return b.put(payload).array();
    }

}
