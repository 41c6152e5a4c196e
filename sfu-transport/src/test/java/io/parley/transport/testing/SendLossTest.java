package io.parley.transport.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.parley.transport.Outbound;
import org.junit.jupiter.api.Test;

/** The lossy link: about the set fraction of RTP is dropped and released, RTCP never. */
class SendLossTest {
    @Test
    void dropsAboutTheFractionOfRtpAndNoRtcp() {
        SendLoss loss = new SendLoss(0.2);
        Recorder next = new Recorder();
        Outbound out = loss.wrap("p1", null, next);
        List<ByteBuf> sent = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ByteBuf packet = Unpooled.buffer(4).writeInt(i);
            sent.add(packet);
            out.send(packet, false);
        }
        for (int i = 0; i < 1000; i++) {
            out.send(Unpooled.buffer(4).writeInt(i), true);
        }
        // 20% of 10,000 is 2,000 with a standard deviation of 40: 300 either side never happens.
        assertTrue(loss.dropped() > 1700 && loss.dropped() < 2300, "dropped " + loss.dropped());
        assertEquals(10_000 - loss.dropped(), next.rtp, "the rest went on");
        assertEquals(1000, next.rtcp, "all RTCP went on");
        assertTrue(sent.stream().allMatch(p -> p.refCnt() == 0), "dropped packets were released (the next link frees the rest)");
    }

    @Test
    void noLossPassesEverythingAndTheCloseGoesOn() {
        SendLoss none = new SendLoss(0);
        Recorder next = new Recorder();
        Outbound out = none.wrap("p1", null, next);
        for (int i = 0; i < 1000; i++) {
            out.send(Unpooled.buffer(4).writeInt(i), false);
        }
        out.close();
        assertEquals(1000, next.rtp);
        assertEquals(0, none.dropped());
        assertTrue(next.closed, "the close reached the next link");
    }

    @Test
    void ratesOutsideZeroToAHalfAreRefused() {
        for (double bad : new double[] {-0.1, 0.51, Double.NaN}) {
            assertThrows(IllegalArgumentException.class, () -> new SendLoss(bad), "rate " + bad);
        }
    }

    /** Counts and releases what reaches it. */
    private static final class Recorder implements Outbound {
        long rtp;
        long rtcp;
        boolean closed;

        @Override
        public void send(ByteBuf datagram, boolean isRtcp) {
            datagram.release();
            if (isRtcp) {
                rtcp++;
            } else {
                rtp++;
            }
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
