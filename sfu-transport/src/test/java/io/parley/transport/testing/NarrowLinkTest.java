package io.parley.transport.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultEventLoop;
import org.junit.jupiter.api.Test;

/** The test hook's bottleneck: packets leave in order at its rate, and a full buffer drops. */
class NarrowLinkTest {
    @Test
    void aBurstFillsTheQuarterSecondBufferAndTheRestIsDropped() throws Exception {
        DefaultEventLoop loop = new DefaultEventLoop();
        try {
            List<Integer> delivered = new ArrayList<>();
            CountDownLatch all = new CountDownLatch(25);
            int[] accepted = new int[1];
            loop.submit(() -> {
                NarrowLink link = new NarrowLink(loop, (packet, rtcp) -> {
                    delivered.add(packet.getInt(0));
                    packet.release();
                    all.countDown();
                });
                link.setRate(1_000_000);
                long now = System.nanoTime();
                // 1250 bytes at 1 Mbit/s take 10 ms each: 25 fit in 250 ms of buffer.
                for (int i = 0; i < 40; i++) {
                    ByteBuf packet = Unpooled.buffer(1250).writeInt(i).writeZero(1246);
                    if (link.offer(packet, now)) {
                        accepted[0]++;
                    } else {
                        packet.release();
                    }
                }
            }).get();
            assertEquals(25, accepted[0]);
            assertTrue(all.await(5, TimeUnit.SECONDS), "all queued packets leave");
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                expected.add(i);
            }
            assertEquals(expected, loop.submit(() -> List.copyOf(delivered)).get(), "in order, the first 25");
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
