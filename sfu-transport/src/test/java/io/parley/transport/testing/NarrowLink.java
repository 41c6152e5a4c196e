package io.parley.transport.testing;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;
import io.parley.transport.Outbound;

/**
 * A downlink narrower than loopback, as a bottleneck router has it, on one transport's way out.
 * Packets leave at the link's rate; those that find the link busy wait in its queue, and those
 * that would wait longer than the queue holds are dropped (drop-tail). Queueing delay before loss
 * is what a delay-based estimator (GCC) reacts to, so tests watch bandwidth estimation as on a
 * real link. Uncapped until {@link #setRate}. Used on the transport's event loop only.
 */
final class NarrowLink implements Outbound {
    /** A router buffer of a quarter second at the link's rate. */
    static final long MAX_QUEUE_NANOS = 250_000_000L;

    private final EventExecutor loop;
    private final Outbound next;
    private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
    /** When each queued packet leaves, in queue order: a ring beside {@link #queue}, unboxed. */
    private long[] departures = new long[64];
    private int firstDeparture;
    private final Runnable drain = this::drain;
    private long bitsPerSecond;
    /** When the link finishes sending what is queued. */
    private long busyUntilNanos;
    private boolean drainScheduled;

    NarrowLink(EventExecutor loop, Outbound next) {
        this.loop = loop;
        this.next = next;
    }

    /** The link's rate from now on; 0 lifts the limit (what is queued still leaves in order). */
    void setRate(long bitsPerSecond) {
        this.bitsPerSecond = bitsPerSecond;
    }

    /** RTCP passes by the queue: the cap is on the media whose rate the estimator measures. */
    @Override
    public void send(ByteBuf datagram, boolean rtcp) {
        if (rtcp || !isLimited()) {
            next.send(datagram, rtcp);
        } else if (!offer(datagram, System.nanoTime())) {
            datagram.release();
        }
    }

    private boolean isLimited() {
        return bitsPerSecond > 0 || !queue.isEmpty();
    }

    /** Queues a packet (taking ownership); false, releasing nothing, when the queue is full. */
    boolean offer(ByteBuf packet, long nowNanos) {
        long rate = bitsPerSecond;
        long start = Math.max(nowNanos, busyUntilNanos);
        long departure = rate > 0 ? start + packet.readableBytes() * 8L * 1_000_000_000L / rate : start;
        if (departure - nowNanos > MAX_QUEUE_NANOS) {
            return false;
        }
        busyUntilNanos = departure;
        if (queue.size() == departures.length) {
            long[] grown = new long[departures.length * 2];
            for (int i = 0; i < queue.size(); i++) {
                grown[i] = departures[(firstDeparture + i) % departures.length];
            }
            departures = grown;
            firstDeparture = 0;
        }
        departures[(firstDeparture + queue.size()) % departures.length] = departure;
        queue.add(packet);
        if (!drainScheduled) {
            drainScheduled = true;
            loop.schedule(drain, Math.max(0, departure - nowNanos), TimeUnit.NANOSECONDS);
        }
        return true;
    }

    private void drain() {
        drainScheduled = false;
        long now = System.nanoTime();
        while (!queue.isEmpty() && departures[firstDeparture] - now <= 0) {
            firstDeparture = (firstDeparture + 1) % departures.length;
            next.send(queue.poll(), false);
        }
        if (!queue.isEmpty()) {
            drainScheduled = true;
            loop.schedule(drain, departures[firstDeparture] - now, TimeUnit.NANOSECONDS);
        }
    }

    /** Frees what is still queued: the transport closed. */
    @Override
    public void close() {
        ByteBuf packet;
        while ((packet = queue.poll()) != null) {
            packet.release();
        }
        firstDeparture = 0;
        next.close();
    }
}
