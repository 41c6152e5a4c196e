package io.parley.core.rooms;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.util.concurrent.EventExecutor;
import io.parley.core.room.Participant;
import io.parley.core.room.Room;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A room's timed work on its loop: {@link Room#tick} every {@link Room#TICK_NANOS}, and once a
 * second the end of participants from whom nothing arrived for the silence timeout (their
 * transport went quiet) and, for each subscriber, the estimate of what its downlink takes.
 */
public final class RoomTimers {
    private static final Logger LOG = LoggerFactory.getLogger(RoomTimers.class);
    private static final long EVERY_SECOND = 1;
    private static final long FAILURE_LOG_INTERVAL_NANOS = 10_000_000_000L;

    private final MemberSessions sessions;
    private final long silenceTimeoutNanos;
    private final String silenceReason;
    private final AtomicLong failureLoggedNanos = new AtomicLong();

    public RoomTimers(MemberSessions sessions, Duration silenceTimeout) {
        this.sessions = sessions;
        this.silenceTimeoutNanos = silenceTimeout.toNanos();
        this.silenceReason = "no media or keep-alive for " + silenceTimeout.toSeconds() + " s";
    }

    /** A room's timers while it runs. */
    record Running(ScheduledFuture<?> everySecond, ScheduledFuture<?> tick) {
        void stop() {
            everySecond.cancel(false);
            tick.cancel(false);
        }
    }

    /** Starts the room's timers; stop them when the room closes. */
    Running start(Room room) {
        EventExecutor loop = room.loop();
        ScheduledFuture<?> everySecond = loop.scheduleAtFixedRate(() -> everySecond(room),
                EVERY_SECOND, EVERY_SECOND, TimeUnit.SECONDS);
        try {
            ScheduledFuture<?> tick = loop.scheduleAtFixedRate(room::tick, Room.TICK_NANOS, Room.TICK_NANOS,
                    TimeUnit.NANOSECONDS);
            return new Running(everySecond, tick);
        } catch (RuntimeException e) {
            // The loop refused the second timer (it is shutting down): the first must not outlive it.
            everySecond.cancel(false);
            throw e;
        }
    }

    private void everySecond(Room room) {
        long now = System.nanoTime();
        for (Participant p : room.silentParticipants(silenceTimeoutNanos)) {
            try {
                if (!sessions.terminate(p.id(), silenceReason)) {
                    room.leave(p, "timeout");
                }
            } catch (RuntimeException e) {
                failed(room, p, e, now);
            }
        }
        // The demo shows each participant what the server estimates its downlink takes.
        for (Participant p : room.participants()) {
            try {
                if (!p.subscriptions().isEmpty()) {
                    sessions.tellEstimate(p.id(), p.sendEstimateBps());
                }
            } catch (RuntimeException e) {
                failed(room, p, e, now);
            }
        }
    }

    /**
     * One participant's fault: the others still get their turn, and this timer goes on (a
     * repeating task that throws is cancelled for good by its event loop). Logged at most once
     * per {@link #FAILURE_LOG_INTERVAL_NANOS} over all rooms, so a persistent fault cannot flood the log.
     */
    private void failed(Room room, Participant p, RuntimeException e, long now) {
        long last = failureLoggedNanos.get();
        if ((last == 0 || now - last > FAILURE_LOG_INTERVAL_NANOS) && failureLoggedNanos.compareAndSet(last, now)) {
            LOG.warn("{}: the once-a-second work for {} failed; the room goes on", room, p.id(), e);
        }
    }
}
