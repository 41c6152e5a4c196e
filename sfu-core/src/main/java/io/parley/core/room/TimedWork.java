package io.parley.core.room;

import java.util.Collection;

import io.parley.core.bwe.ArrivalRecorder;
import io.parley.core.rtcp.NtpClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A room's work that runs on time rather than on a packet, each at its own cadence within the
 * room's {@link Room#TICK_NANOS} tick: NACKs to publishers and probe padding every tick,
 * transport-wide CC feedback, layer allocation, and the RTCP reports every participant is owed.
 */
final class TimedWork {
    /**
     * RTCP report interval. RFC 3550 §6.2 scales it with the session's bandwidth share; one second
     * is what browsers use for video and keeps RTT and loss figures fresh.
     */
    static final long REPORT_INTERVAL_NANOS = 1_000_000_000L;
    /** How often subscriptions reconsider their layer (publishers pause and resume layers). */
    static final long LAYER_CHECK_NANOS = 250_000_000L;

    /** A failing tick is logged at most this often. */
    private static final long FAILURE_LOG_INTERVAL_NANOS = 10_000_000_000L;
    private static final Logger LOG = LoggerFactory.getLogger(TimedWork.class);

    private final boolean nack;
    private final NtpClock clock;
    private final MediaCounters counters;
    private long failureLoggedNanos;
    private long nextReportNanos;
    private long nextLayerCheckNanos;
    private long nextFeedbackNanos;

    TimedWork(boolean nack, NtpClock clock, MediaCounters counters, long nowNanos) {
        this.nack = nack;
        this.clock = clock;
        this.counters = counters;
        this.nextReportNanos = nowNanos + REPORT_INTERVAL_NANOS;
    }

    /**
     * Does what is due at {@code now} for the participants of {@code room}. Never throws: a
     * repeating task that throws is cancelled for good by its event loop, and the room's
     * reports, feedback and allocation must outlive a bug one peer's state triggers.
     */
    void run(Room room, Collection<Participant> participants, long now) {
        try {
            runDue(participants, now);
        } catch (RuntimeException e) {
            counters.count(Counter.TICK_FAILURES, 1);
            if (now - failureLoggedNanos > FAILURE_LOG_INTERVAL_NANOS || failureLoggedNanos == 0) {
                failureLoggedNanos = now;
                LOG.warn("{}: timed work failed; the room goes on", room, e);
            }
        }
    }

    private void runDue(Collection<Participant> participants, long now) {
        if (nack) {
            for (Participant p : participants) {
                p.sendNacks(now);
            }
        }
        for (Participant p : participants) {
            p.sendProbePadding(now);
        }
        if (now - nextFeedbackNanos >= 0) {
            nextFeedbackNanos = now + ArrivalRecorder.FEEDBACK_INTERVAL_NANOS;
            for (Participant p : participants) {
                p.sendTransportFeedback();
            }
        }
        if (now - nextLayerCheckNanos >= 0) {
            nextLayerCheckNanos = now + LAYER_CHECK_NANOS;
            for (Participant p : participants) {
                p.allocate(now);
            }
            for (Participant p : participants) {
                for (Track t : p.tracks()) {
                    t.selectLayers(now);
                }
            }
        }
        if (now - nextReportNanos >= 0) {
            long elapsed = now - nextReportNanos + REPORT_INTERVAL_NANOS;
            nextReportNanos = now + REPORT_INTERVAL_NANOS;
            for (Participant p : participants) {
                p.sendReports(now, clock);
                for (Track t : p.tracks()) {
                    t.sampleBitrate(elapsed);
                }
            }
        }
    }
}
