package io.parley.core.repair;

import java.util.Arrays;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.parley.core.rtp.RtpPacket;

/**
 * The last packets of one track, by sequence number, for retransmission. Bounded by count (a
 * ring of slots indexed by sequence number) and by age (older packets are no use to a decoder
 * and are not served). Each slot's buffer is allocated on first use and then reused, so a full
 * cache copies packets but allocates nothing. Not thread-safe: used on the room's loop.
 */
public final class PacketCache implements AutoCloseable {
    /** Large enough for any RTP packet that fits a 1500-byte MTU; larger ones get a bigger slot. */
    private static final int SLOT_BYTES = 1500;

    private final ByteBufAllocator allocator;
    private final int mask;
    private final long maxAgeNanos;
    private final ByteBuf[] packets;
    private final long[] ssrcs;
    private final int[] seqs;
    private final long[] storedNanos;

    /**
     * @param capacity   packets kept, a power of two
     * @param maxAgeNanos packets older than this are not served
     */
    public PacketCache(ByteBufAllocator allocator, int capacity, long maxAgeNanos) {
        if (capacity <= 0 || Integer.bitCount(capacity) != 1 || capacity > 0x8000) {
            throw new IllegalArgumentException("capacity must be a power of two up to 32768: " + capacity);
        }
        this.allocator = allocator;
        this.mask = capacity - 1;
        this.maxAgeNanos = maxAgeNanos;
        this.packets = new ByteBuf[capacity];
        this.ssrcs = new long[capacity];
        this.seqs = new int[capacity];
        this.storedNanos = new long[capacity];
        Arrays.fill(ssrcs, -1);
    }

    public int capacity() {
        return packets.length;
    }

    /** Copies the packet in, replacing whatever had the same slot. */
    public void put(RtpPacket packet, long nowNanos) {
        int seq = packet.sequenceNumber();
        int slot = seq & mask;
        ByteBuf buf = packets[slot];
        int length = packet.length();
        if (buf == null || buf.capacity() < length) {
            if (buf != null) {
                buf.release();
            }
            buf = allocator.heapBuffer(Math.max(SLOT_BYTES, length));
            packets[slot] = buf;
        }
        buf.clear().writeBytes(packet.buffer(), packet.offset(), length);
        ssrcs[slot] = packet.ssrc();
        seqs[slot] = seq;
        storedNanos[slot] = nowNanos;
    }

    /** Whether this exact packet is held (a duplicate arriving again). */
    public boolean contains(long ssrc, int seq) {
        int slot = seq & mask;
        return ssrcs[slot] == ssrc && seqs[slot] == seq;
    }

    /**
     * The stored packet, its readable bytes exactly as received, or null if it was never stored,
     * was overwritten, or is too old. The cache keeps ownership: read it, do not release it.
     */
    public ByteBuf get(long ssrc, int seq, long nowNanos) {
        int slot = seq & mask;
        if (ssrcs[slot] != ssrc || seqs[slot] != seq || nowNanos - storedNanos[slot] > maxAgeNanos) {
            return null;
        }
        return packets[slot];
    }

    @Override
    public void close() {
        for (int i = 0; i < packets.length; i++) {
            if (packets[i] != null) {
                packets[i].release();
                packets[i] = null;
            }
            ssrcs[i] = -1;
        }
    }
}
