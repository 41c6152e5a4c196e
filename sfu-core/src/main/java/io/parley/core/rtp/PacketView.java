package io.parley.core.rtp;

import io.netty.buffer.ByteBuf;

/**
 * Where a parsed packet lies in a buffer that stays its owner's: what the RTP and RTCP views
 * share, since both read their fields in place rather than copying them out.
 */
public abstract class PacketView {
    protected ByteBuf buf;
    protected int offset;
    protected int length;

    public final ByteBuf buffer() {
        return buf;
    }

    public final int offset() {
        return offset;
    }

    public final int length() {
        return length;
    }
}
