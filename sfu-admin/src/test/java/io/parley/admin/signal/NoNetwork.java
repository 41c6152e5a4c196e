package io.parley.admin.signal;

import io.netty.buffer.ByteBuf;
import io.parley.core.room.MediaTransport;

/** A participant's transport for tests of what signalling says: what the room sends goes nowhere. */
final class NoNetwork implements MediaTransport {
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
        return Long.MIN_VALUE;
    }
}
