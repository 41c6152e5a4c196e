package io.parley.transport;

import io.netty.buffer.ByteBuf;

/**
 * The way a transport's protected datagrams (SRTP and SRTCP, RFC 3711) leave it: straight to its
 * selected ICE pair, unless whoever builds transports put something in between
 * ({@link OutboundDecorator}). Called on the transport's event loop for every datagram it sends,
 * so implementations neither block nor allocate per datagram.
 */
public interface Outbound {
    /** Takes the datagram: sends it on or drops it, and releases it either way, now or later. */
    void send(ByteBuf datagram, boolean rtcp);

    /** The transport closed (called on its loop): release whatever is held, and pass the close on. */
    default void close() {
    }
}
