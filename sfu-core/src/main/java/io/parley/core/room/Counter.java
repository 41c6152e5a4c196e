package io.parley.core.room;

/** Events of loss repair and reporting a room counts, for metrics and tests. */
public enum Counter {
    /** Lost packets subscribers asked for in NACKs. */
    NACKED_BY_SUBSCRIBERS,
    /** Packets sent again in answer to those NACKs. */
    RETRANSMITTED,
    /** NACKed packets not sent again because the subscriber's retransmission budget was spent. */
    RETRANSMISSION_LIMITED,
    /** NACKed packets no longer (or never) in the cache. */
    RETRANSMISSION_MISSED,
    /** Lost packets the server asked publishers for. */
    NACKED_TO_PUBLISHERS,
    /** Losses too large for NACKs, repaired with a keyframe request instead. */
    LOSS_KEYFRAME_REQUESTS,
    /** Keyframe requests (PLI) sent to publishers. */
    KEYFRAME_REQUESTS_SENT,
    /**
     * Keyframe requests from a subscriber that had been sent a keyframe shortly before: it could
     * not decode what it got, and a stream of these is a decoding loop.
     */
    KEYFRAME_REQUESTS_REPEATED,
    /** Packets a publisher sent twice (e.g. a repair after the original arrived late). */
    DUPLICATES,
    /** RTCP sender and receiver reports sent. */
    REPORTS_SENT,
    /** Transport-wide congestion control feedback received. */
    TRANSPORT_FEEDBACK_RECEIVED,
    /**
     * Video packets a subscriber was not sent: frames of temporal layers above what its link or
     * its wish allows, and padding.
     */
    LEFT_OUT,
    /** Padding-only packets sent to probe subscribers' links. */
    PADDING_SENT,
    /** Room ticks run (every {@code Room.TICK_NANOS}): shows the timed work of every room still runs. */
    TICKS,
    /** Room ticks that threw (a bug): the room went on, its next tick runs as usual. */
    TICK_FAILURES
}
