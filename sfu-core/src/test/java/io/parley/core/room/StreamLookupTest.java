package io.parley.core.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.parley.core.room.RoomFixtures.FakeTransport;
import io.parley.core.rtp.RtpPacket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Finding a packet's track and layer: by declared SSRC, else by mid and rid, which then bind it. */
class StreamLookupTest {
    private static final RtpCodec VP8 = new RtpCodec(96, "VP8", 90000, 1, "");
    private static final int MID_ID = 1;
    private static final int RID_ID = 2;
    private static final ExtensionIds EXTENSIONS = new ExtensionIds(MID_ID, RID_ID, 0, 0);

    private final Room room = new Room("test", ImmediateEventExecutor.INSTANCE, new PooledByteBufAllocator(false),
            MediaSettings.defaults(), RoomListener.NONE);
    private final Participant alice = room.join("alice", "Alice", new FakeTransport());
    private final StreamLookup lookup = new StreamLookup(true);
    private final RtpPacket view = new RtpPacket();
    private final List<Track> made = new ArrayList<>();

    @AfterEach
    void freeCaches() {
        made.forEach(Track::close);
        RoomFixtures.leaveAll(room);
    }

    @Test
    void declaredSsrcsAreTheLayersInOrderAndNeedNoExtension() {
        Track video = track("1", 3, List.of());
        lookup.add(video, new long[] {0x10, 0x20, 0x30}, 0);
        IncomingStream middle = lookup.find(packet(0x20, null, null), ExtensionIds.NONE, 0);
        assertSame(video, middle.track);
        assertEquals(1, middle.layer);
        assertTrue(middle.losses != null, "streams watch for losses when NACK is on");
        assertNull(lookup.find(packet(0x40, null, null), ExtensionIds.NONE, 0), "an SSRC nobody declared");
    }

    @Test
    void anUnknownSsrcIsBoundByItsMidAndRidOnce() {
        Track audio = track("0", 1, List.of());
        Track video = track("1", 3, List.of("q", "h", "f"));
        lookup.add(audio, new long[0], 0);
        lookup.add(video, new long[0], 0);

        IncomingStream full = lookup.find(packet(0x77, "1", "f"), EXTENSIONS, 0);
        assertSame(video, full.track);
        assertEquals(2, full.layer, "rid f is the third layer");
        assertSame(full, lookup.find(packet(0x77, null, null), EXTENSIONS, 0), "later packets need no mid");
        assertSame(full, lookup.bySsrc(0x77));

        IncomingStream noRid = lookup.find(packet(0x78, "0", null), EXTENSIONS, 0);
        assertSame(audio, noRid.track);
        assertEquals(0, noRid.layer, "without a rid: layer 0");
    }

    @Test
    void aMidThatMatchesNoTrackOrOnlyItsPrefixFindsNothing() {
        lookup.add(track("1", 1, List.of()), new long[0], 0);
        assertNull(lookup.find(packet(0x90, "12", null), EXTENSIONS, 0), "a longer mid");
        assertNull(lookup.find(packet(0x91, "2", null), EXTENSIONS, 0), "another mid");
        assertNull(lookup.find(packet(0x92, null, null), EXTENSIONS, 0), "no mid at all");
        assertNull(lookup.find(packet(0x93, "1", null), ExtensionIds.NONE, 0), "mid not negotiated");
        assertNull(lookup.bySsrc(0x90), "nothing was bound");
    }

    @Test
    void removingATrackForgetsItsStreams() {
        Track video = track("1", 2, List.of());
        lookup.add(video, new long[] {0x10, 0x20}, 0);
        lookup.remove(video);
        assertNull(lookup.bySsrc(0x10));
        assertNull(lookup.byMid("1"));
        assertTrue(lookup.streams().isEmpty());
    }

    private Track track(String mid, int layers, List<String> rids) {
        Track t = new Track("alice-" + mid, MediaKind.VIDEO, alice, mid, VP8, room.settings(), layers, rids);
        made.add(t);
        return t;
    }

    /** An RTP packet with one-byte header extensions (RFC 8285 §4.2) for mid and rid when given. */
    private RtpPacket packet(long ssrc, String mid, String rid) {
        ByteBuffer ext = ByteBuffer.allocate(64);
        element(ext, MID_ID, mid);
        element(ext, RID_ID, rid);
        int words = (ext.position() + 3) / 4;
        ByteBuffer b = ByteBuffer.allocate(12 + (words > 0 ? 4 + words * 4 : 0) + 3);
        b.put((byte) (words > 0 ? 0x90 : 0x80)).put((byte) 96).putShort((short) 1).putInt(0).putInt((int) ssrc);
        if (words > 0) {
            b.putShort((short) 0xBEDE).putShort((short) words).put(ext.array(), 0, ext.position());
            b.position(12 + 4 + words * 4);
        }
        b.put(new byte[] {0x10, 0x01, 0x00});
        assertTrue(view.wrap(Unpooled.wrappedBuffer(b.array())));
        return view;
    }

    private static void element(ByteBuffer ext, int id, String value) {
        if (value != null) {
            byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
            ext.put((byte) ((id << 4) | (bytes.length - 1))).put(bytes);
        }
    }
}
