package io.parley.core.rooms;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

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

    private final MemberSessions sessions;
    private final long silenceTimeoutNanos;
    private final String silenceReason;

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
        ScheduledFuture<?> tick = loop.scheduleAtFixedRate(room::tick, Room.TICK_NANOS, Room.TICK_NANOS,
                TimeUnit.NANOSECONDS);
        return new Running(everySecond, tick);
    }

    private void everySecond(Room room) {
        try {
            removeSilent(room);
            tellEstimates(room);
        } catch (RuntimeException e) {
            // A repeating task that throws is cancelled for good by its event loop: silent
            // participants must still be removed after one session's fault.
            LOG.warn("{}: the once-a-second work failed; the room goes on", room, e);
        }
    }

    private void removeSilent(Room room) {
        for (Participant p : room.silentParticipants(silenceTimeoutNanos)) {
            if (!sessions.terminate(p.id(), silenceReason)) {
                room.leave(p, "timeout");
            }
        }
    }

    /** The demo shows each participant what the server estimates its downlink takes. */
    private void tellEstimates(Room room) {
        for (Participant p : room.participants()) {
            if (!p.subscriptions().isEmpty()) {
                sessions.tellEstimate(p.id(), p.sendEstimateBps());
            }
        }
    }
}
