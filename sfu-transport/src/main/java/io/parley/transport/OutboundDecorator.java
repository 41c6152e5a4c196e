package io.parley.transport;

import io.netty.util.concurrent.EventExecutor;

/**
 * Puts something on the way out of every transport a {@link TransportFactory} makes, between its
 * SRTP and its ICE pair. The server's own wiring puts nothing there ({@link #NONE}); tests put a
 * lossy or a narrow link there, to watch loss repair and bandwidth estimation on loopback.
 */
@FunctionalInterface
public interface OutboundDecorator {
    /** Datagrams go straight to the ICE pair. */
    OutboundDecorator NONE = (transportId, loop, next) -> next;

    /**
     * The way out for the transport {@code transportId}, whose event loop is {@code loop}; what it
     * sends on goes to {@code next}. Called once per transport, as it is made.
     */
    Outbound wrap(String transportId, EventExecutor loop, Outbound next);
}
