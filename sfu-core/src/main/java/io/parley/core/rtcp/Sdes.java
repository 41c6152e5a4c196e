package io.parley.core.rtcp;

import io.netty.buffer.ByteBuf;

/**
 * Source description, RFC 3550 §6.5: every compound packet carries a CNAME for each SSRC it
 * reports from. Written as {@link #begin}, one {@link #writeCname} per source (at most 31), then
 * {@link #end}.
 */
public final class Sdes {
    private static final int CNAME = 1;
    public static final int MAX_CHUNKS = 31;

    private Sdes() {
    }

    /** Starts an SDES packet; returns its start, for {@link #end}. */
    public static int begin(ByteBuf out) {
        int start = out.writerIndex();
        out.writeInt(0);
        return start;
    }

    public static void writeCname(ByteBuf out, long ssrc, byte[] cname) {
        int chunk = out.writerIndex();
        out.writeInt((int) ssrc);
        out.writeByte(CNAME);
        out.writeByte(cname.length);
        out.writeBytes(cname);
        // The item list ends with a null octet, then pads the chunk to 32 bits.
        out.writeZero(4 - ((out.writerIndex() - chunk) & 3));
    }

    public static void end(ByteBuf out, int start, int chunks) {
        out.setByte(start, 0x80 | chunks);
        out.setByte(start + 1, RtcpPacket.SDES);
        out.setShort(start + 2, (out.writerIndex() - start) / 4 - 1);
    }

    /** Upper bound of the bytes {@link #writeCname} writes. */
    public static int chunkLength(byte[] cname) {
        return 4 + 2 + cname.length + 4;
    }
}
