package io.parley.transport.testing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;
import io.parley.transport.Outbound;
import io.parley.transport.OutboundDecorator;

/**
 * Gives every transport a {@link NarrowLink} on its way out, open until a test narrows it by the
 * transport's id (on the server, the participant's id): a downlink of that many bits per second
 * with a quarter second of router buffer, to watch bandwidth estimation react.
 */
public final class NarrowLinks implements OutboundDecorator {
    private final Map<String, Link> open = new ConcurrentHashMap<>();

    @Override
    public Outbound wrap(String transportId, EventExecutor loop, Outbound next) {
        Link link = new Link(transportId, loop, new NarrowLink(loop, next));
        open.put(transportId, link);
        return link;
    }

    /**
     * From now on the transport's RTP leaves at most at {@code bitsPerSecond} (0 lifts the cap);
     * false if no open transport has that id. Callable from any thread.
     */
    public boolean cap(String transportId, long bitsPerSecond) {
        Link link = open.get(transportId);
        if (link == null) {
            return false;
        }
        link.loop.execute(() -> link.narrow.setRate(bitsPerSecond));
        return true;
    }

    /** One transport's narrow link, forgotten when the transport closes. */
    private final class Link implements Outbound {
        private final String transportId;
        private final EventExecutor loop;
        private final NarrowLink narrow;

        Link(String transportId, EventExecutor loop, NarrowLink narrow) {
            this.transportId = transportId;
            this.loop = loop;
            this.narrow = narrow;
        }

        @Override
        public void send(ByteBuf datagram, boolean rtcp) {
            narrow.send(datagram, rtcp);
        }

        @Override
        public void close() {
            open.remove(transportId, this);
            narrow.close();
        }
    }
}
