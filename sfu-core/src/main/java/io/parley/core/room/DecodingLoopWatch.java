package io.parley.core.room;

/**
 * Tells when a subscriber keeps asking for keyframes right after they went out to it: a decoder
 * that cannot decode the stream (libwebrtc asks again about every 300 ms while it cannot). Such
 * requests are counted; a run of them is worth a warning now and then.
 */
final class DecodingLoopWatch {
    /** A request this soon after a keyframe went out says the keyframe did not help. */
    private static final long REPEAT_WINDOW_NANOS = 2_000_000_000L;
    /** Repeated requests in a row that make a decoding loop worth a warning. */
    private static final int LOOP_REQUESTS = 5;
    /** A loop is reported at most this often. */
    private static final long REPORT_INTERVAL_NANOS = 30_000_000_000L;
    private static final long NEVER = Long.MIN_VALUE;

    private long keyframeSentNanos = NEVER;
    private int repeats;
    private long reportedNanos = NEVER;

    void keyframeSent(long nowNanos) {
        keyframeSentNanos = nowNanos;
    }

    /** A keyframe request from the subscriber: true when it came right after a keyframe went out. */
    boolean isRepeat(long nowNanos) {
        if (keyframeSentNanos != NEVER && nowNanos - keyframeSentNanos < REPEAT_WINDOW_NANOS) {
            repeats++;
            return true;
        }
        repeats = 0;
        return false;
    }

    /** After a repeat: whether the run is long enough to report, and none was reported lately. */
    boolean loopToReport(long nowNanos) {
        if (repeats < LOOP_REQUESTS || (reportedNanos != NEVER && nowNanos - reportedNanos <= REPORT_INTERVAL_NANOS)) {
            return false;
        }
        reportedNanos = nowNanos;
        return true;
    }

    /** Requests in a row that came right after keyframes. */
    int repeats() {
        return repeats;
    }
}
