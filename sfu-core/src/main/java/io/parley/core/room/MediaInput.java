package io.parley.core.room;

import io.netty.buffer.ByteBuf;

/**
 * Where a participant's transport delivers what it decrypted, on the room's event loop: the
 * counterpart of {@link MediaTransport}, which carries what the room sends. The transport
 * releases each buffer after the call.
 */
public interface MediaInput {
    /** A decrypted RTP packet whose datagram arrived at {@code arrivalNanos} ({@link System#nanoTime()}). */
    void onRtp(ByteBuf packet, long arrivalNanos);

    /** A decrypted RTCP compound packet. */
    void onRtcp(ByteBuf packet);

    /** DTLS is done: media can flow both ways. */
    void onConnected();
}
