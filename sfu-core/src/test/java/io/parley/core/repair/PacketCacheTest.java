package io.parley.core.repair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.parley.core.rtp.RtpPacket;
import org.junit.jupiter.api.Test;

class PacketCacheTest {
    private static final long SSRC = 0x1234L;
    private final RtpPacket packet = new RtpPacket();

    @Test
    void servesExactCopiesUntilOverwrittenOrTooOld() {
        try (PacketCache cache = new PacketCache(new PooledByteBufAllocator(false), 4, 1000)) {
            byte[] first = rtp(7, 100);
            put(cache, first, 0);
            ByteBuf got = cache.get(SSRC, 7, 1000);
            assertEquals(ByteBufUtil.hexDump(first), ByteBufUtil.hexDump(got));
            assertNull(cache.get(SSRC, 7, 1001), "older than the age limit");
            assertNull(cache.get(0x999L, 7, 0), "another stream's packet");
            assertTrue(cache.contains(SSRC, 7));

            put(cache, rtp(11, 2000), 5);
            assertNull(cache.get(SSRC, 7, 5), "slot reused by a packet four later");
            assertEquals(2012, cache.get(SSRC, 11, 5).readableBytes(), "larger than a slot: the slot grows");
        }
    }

    @Test
    void capacityMustBeAPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new PacketCache(PooledByteBufAllocator.DEFAULT, 500, 1));
    }

    private void put(PacketCache cache, byte[] bytes, long now) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        assertTrue(packet.wrap(buf));
        cache.put(packet, now);
    }

    private static byte[] rtp(int seq, int payload) {
        ByteBuffer b = ByteBuffer.allocate(12 + payload).put((byte) 0x80).put((byte) 96).putShort((short) seq)
                .putInt(0).putInt((int) SSRC);
        for (int i = 0; i < payload; i++) {
            b.put((byte) i);
        }
        return b.array();
    }
}
