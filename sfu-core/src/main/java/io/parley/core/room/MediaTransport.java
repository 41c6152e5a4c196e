package io.parley.core.room;

import io.netty.buffer.ByteBuf;

/**
 * A participant's way out to the network (SRTP, ICE), implemented by sfu-transport. Called only
 * on the room's event loop. Each method takes ownership of the buffer: it releases it.
 */
public interface MediaTransport {
    /** Sends one plain RTP packet; the buffer has tailroom for the SRTP tag or may grow. */
    void sendRtp(ByteBuf packet);

    /** Sends one plain RTCP compound packet. */
    void sendRtcp(ByteBuf packet);

    /**
     * {@link System#nanoTime()} of the last sign of life from the peer (any datagram, or an
     * answered connectivity/consent check), or {@link Long#MIN_VALUE} if none yet.
     */
    long lastActivityNanos();
}
