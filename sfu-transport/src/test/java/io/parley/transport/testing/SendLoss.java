package io.parley.transport.testing;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;
import io.parley.transport.Outbound;
import io.parley.transport.OutboundDecorator;

/**
 * Throws away a fraction of the RTP every transport sends, as a lossy network would, so loss
 * repair can be tested on loopback. RTCP always goes through.
 */
public final class SendLoss implements OutboundDecorator {
    private final double rate;
    /** Transports on every loop drop into it. */
    private final LongAdder dropped = new LongAdder();

    /** @param rate fraction of outgoing RTP packets to drop, 0 to 0.5 */
    public SendLoss(double rate) {
        if (!(rate >= 0 && rate <= 0.5)) {
            throw new IllegalArgumentException("send loss must be between 0 and 0.5: " + rate);
        }
        this.rate = rate;
    }

    /** RTP packets dropped so far, by all transports. */
    public long dropped() {
        return dropped.sum();
    }

    @Override
    public Outbound wrap(String transportId, EventExecutor loop, Outbound next) {
        return new Outbound() {
            @Override
            public void send(ByteBuf datagram, boolean rtcp) {
                if (!rtcp && rate > 0 && ThreadLocalRandom.current().nextDouble() < rate) {
                    dropped.increment();
                    datagram.release();
                } else {
                    next.send(datagram, rtcp);
                }
            }

            @Override
            public void close() {
                next.close();
            }
        };
    }
}
