package io.parley.transport.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SrtpSessionTest {
    private static final PooledByteBufAllocator ALLOC = new PooledByteBufAllocator(false);

    static SrtpKeys keys(SrtpProfile p) {
        byte[] material = new byte[2 * (p.keyLength() + p.saltLength())];
        for (int i = 0; i < material.length; i++) {
            material[i] = (byte) (i * 7 + 3);
        }
        return SrtpKeys.fromExported(p, material);
    }

    static byte[] rtp(int seq, long ssrc) {
        return ByteBuffer.allocate(12 + 20).put((byte) 0x80).put((byte) 96).putShort((short) seq).putInt(1000)
                .putInt((int) ssrc).put("twenty bytes payload".getBytes()).array();
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtpRoundTripsAndRejectsTamperingAndReplay(SrtpProfile profile) {
        SrtpSession client = new SrtpSession(keys(profile), true, new LongAdder());
        SrtpSession server = new SrtpSession(keys(profile), false, new LongAdder());
        byte[] plain = rtp(1, 0x1234);
        ByteBuf packet = ALLOC.heapBuffer(64);
        ByteBuf copy = null;
        ByteBuf tampered = null;
        try {
            packet.writeBytes(plain);
            assertTrue(client.protectRtp(packet));
            assertTrue(packet.readableBytes() > plain.length, "auth tag appended");
            byte[] wire = new byte[packet.readableBytes()];
            packet.getBytes(packet.readerIndex(), wire);
            assertNotEquals(Arrays.toString(plain), Arrays.toString(Arrays.copyOf(wire, plain.length)));

            tampered = ALLOC.heapBuffer(64).writeBytes(wire);
            tampered.setByte(20, tampered.getByte(20) ^ 1);
            assertFalse(server.unprotectRtp(tampered), "a flipped bit fails authentication");

            assertTrue(server.unprotectRtp(packet));
            byte[] out = new byte[packet.readableBytes()];
            packet.getBytes(packet.readerIndex(), out);
            assertArrayEquals(plain, out);

            copy = ALLOC.heapBuffer(64).writeBytes(wire);
            assertFalse(server.unprotectRtp(copy), "a replayed packet is refused");
        } finally {
            packet.release();
            if (copy != null) {
                copy.release();
            }
            if (tampered != null) {
                tampered.release();
            }
            client.close();
            server.close();
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void protectsABufferWithoutTailroom(SrtpProfile profile) {
        SrtpSession client = new SrtpSession(keys(profile), true, new LongAdder());
        SrtpSession server = new SrtpSession(keys(profile), false, new LongAdder());
        byte[] plain = rtp(7, 0x99);
        ByteBuf exact = io.netty.buffer.Unpooled.buffer(plain.length).writeBytes(plain);
        ByteBuf fixed = io.netty.buffer.Unpooled.wrappedBuffer(plain.clone());
        try {
            assertFalse(client.protectRtp(fixed), "a buffer that cannot grow is refused, not overrun");
            assertTrue(client.protectRtp(exact), "the buffer grows before the cipher sees it");
            assertTrue(server.unprotectRtp(exact));
            byte[] out = new byte[exact.readableBytes()];
            exact.getBytes(exact.readerIndex(), out);
            assertArrayEquals(plain, out);
        } finally {
            exact.release();
            fixed.release();
            client.close();
            server.close();
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtcpRoundTrips(SrtpProfile profile) {
        SrtpSession server = new SrtpSession(keys(profile), false, new LongAdder());
        SrtpSession client = new SrtpSession(keys(profile), true, new LongAdder());
        byte[] pli = {(byte) 0x81, (byte) 206, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2};
        ByteBuf packet = ALLOC.heapBuffer(64).writeBytes(pli);
        try {
            assertTrue(server.protectRtcp(packet));
            assertTrue(client.unprotectRtcp(packet));
            byte[] out = new byte[packet.readableBytes()];
            packet.getBytes(packet.readerIndex(), out);
            assertArrayEquals(pli, out);
        } finally {
            packet.release();
            server.close();
            client.close();
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void forgedSsrcsTakeNoPlaceSoTheRealStreamsStillGetIn(SrtpProfile profile) {
        LongAdder serverContexts = new LongAdder();
        SrtpSession client = new SrtpSession(keys(profile), true, new LongAdder());
        SrtpSession server = new SrtpSession(keys(profile), false, serverContexts);
        for (int i = 0; i < SrtpSession.MAX_RECEIVE_CONTEXTS + 10; i++) {
            ByteBuf junk = ALLOC.heapBuffer(64).writeBytes(rtp(i, 1000 + i));
            junk.writeZero(16);
            assertTrue(!server.unprotectRtp(junk), "garbage never authenticates");
            junk.release();
            ByteBuf junkRtcp = ALLOC.heapBuffer(64).writeBytes(new byte[] {(byte) 0x80, (byte) 201, 0, 1, 0, 0, 3, (byte) i});
            junkRtcp.writeZero(20);
            assertTrue(!server.unprotectRtcp(junkRtcp));
            junkRtcp.release();
        }
        assertEquals(0, serverContexts.sum(), "forgeries leave no context");
        for (int i = 0; i < SrtpSession.MAX_RECEIVE_CONTEXTS; i++) {
            ByteBuf real = ALLOC.heapBuffer(64).writeBytes(rtp(1, 5000 + i));
            assertTrue(client.protectRtp(real));
            assertTrue(server.unprotectRtp(real), "real stream " + i + " after the forgeries");
            real.release();
        }
        ByteBuf oneTooMany = ALLOC.heapBuffer(64).writeBytes(rtp(1, 9999));
        assertTrue(client.protectRtp(oneTooMany));
        assertTrue(!server.unprotectRtp(oneTooMany), "an authenticated peer is still capped");
        oneTooMany.release();
        assertEquals(SrtpSession.MAX_RECEIVE_CONTEXTS, serverContexts.sum(), "one context per real stream");
        client.close();
        server.close();
        assertEquals(0, serverContexts.sum(), "closing gives every context back");
    }
}
