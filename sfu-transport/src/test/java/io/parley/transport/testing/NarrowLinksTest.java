package io.parley.transport.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultEventLoop;
import io.parley.transport.Outbound;
import org.junit.jupiter.api.Test;

/** Narrow links by transport id: a capped one holds RTP back but not RTCP, a closed one is gone. */
class NarrowLinksTest {
    @Test
    void aCappedTransportHoldsRtpBackLetsRtcpThroughAndIsForgottenWhenClosed() throws Exception {
        DefaultEventLoop loop = new DefaultEventLoop();
        try {
            NarrowLinks links = new NarrowLinks();
            List<String> reached = new ArrayList<>();
            boolean[] nextClosed = {false};
            Outbound next = new Outbound() {
                @Override
                public void send(ByteBuf datagram, boolean rtcp) {
                    reached.add((rtcp ? "rtcp " : "rtp ") + datagram.getInt(0));
                    datagram.release();
                }

                @Override
                public void close() {
                    nextClosed[0] = true;
                }
            };
            Outbound out = loop.submit(() -> links.wrap("p1", loop, next)).get();
            assertFalse(links.cap("p2", 1_000_000), "no transport p2");
            loop.submit(() -> out.send(packet(1), false)).get();
            assertEquals(List.of("rtp 1"), loop.submit(() -> List.copyOf(reached)).get(), "open until capped");

            // 1250 bytes at 100 kbit/s take 100 ms: the link holds the packet. One task on the
            // loop sends, looks and closes, so no drain of the link runs in between.
            assertTrue(links.cap("p1", 100_000));
            ByteBuf held = packet(2);
            List<String> whileHeld = loop.submit(() -> {
                out.send(held, false);
                out.send(packet(3), true);
                List<String> seen = List.copyOf(reached);
                out.close();
                return seen;
            }).get();
            assertEquals(List.of("rtp 1", "rtcp 3"), whileHeld, "RTCP passed the RTP the link holds");
            assertEquals(0, held.refCnt(), "closing released what the link held");
            assertTrue(nextClosed[0], "the close reached the next link");
            assertFalse(links.cap("p1", 0), "a closed transport is no longer capped");
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private static ByteBuf packet(int number) {
        return Unpooled.buffer(1250).writeInt(number).writeZero(1246);
    }
}
