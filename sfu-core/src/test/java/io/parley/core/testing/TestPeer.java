package io.parley.core.testing;

import io.netty.buffer.ByteBuf;
import io.parley.core.room.MediaTransport;

/**
 * A participant's transport for tests of rooms and what is said about them: it throws away what the
 * room sends it, as the network would.
 */
public final class TestPeer implements MediaTransport {
    private final boolean talking;

    private TestPeer(boolean talking) {
        this.talking = talking;
    }

    /** A peer never heard from since it joined. */
    public static TestPeer quiet() {
        return new TestPeer(false);
    }

    /** A peer heard from at every moment the room asks. */
    public static TestPeer talking() {
        return new TestPeer(true);
    }

    @Override
    public void sendRtp(ByteBuf packet) {
        packet.release();
    }

    @Override
    public void sendRtcp(ByteBuf packet) {
        packet.release();
    }

    @Override
    public long lastActivityNanos() {
        return talking ? System.nanoTime() : Long.MIN_VALUE;
    }
}
