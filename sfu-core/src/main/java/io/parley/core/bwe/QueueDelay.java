package io.parley.core.bwe;

/**
 * The delay-based half of the estimator: the queue on the path, as each feedback's mean one-way
 * delay above the lowest seen, and whether it is building. Overuse is a smoothed queue above
 * {@link #OVERUSE_QUEUE_MICROS} that is not shrinking, in two feedbacks running: the estimate
 * outran the link and a buffer is filling (GCC §5's signal, draft-ietf-rmcat-gcc-02, without its
 * adaptive threshold).
 */
final class QueueDelay {
    /**
     * A queue this long (µs of one-way delay above the lowest seen) that is not draining is
     * overuse. Above what bursts and jitter add on a clear path, well below what a filling router
     * buffer adds.
     */
    private static final double OVERUSE_QUEUE_MICROS = 25_000;
    private static final double SMOOTHING = 0.7;
    /** The lowest delay is kept over two epochs of this length, so that route changes age out. */
    private static final long BASE_DELAY_EPOCH_MICROS = 10_000_000;

    private double smoothedQueueMicros = Double.NaN;
    private double previousQueueMicros = Double.NaN;
    private int overuseStreak;
    /** Lowest one-way delay (up to the clocks' offset) in this epoch and the one before. */
    private long baseDelayMicros = Long.MAX_VALUE;
    private long previousBaseDelayMicros = Long.MAX_VALUE;
    private long epochStartMicros = Long.MIN_VALUE;

    /** One packet's one-way delay (up to a constant clock offset: only its changes matter). */
    void observe(long delayMicros, long arrivalMicros) {
        if (epochStartMicros == Long.MIN_VALUE || arrivalMicros - epochStartMicros > BASE_DELAY_EPOCH_MICROS) {
            previousBaseDelayMicros = baseDelayMicros;
            baseDelayMicros = Long.MAX_VALUE;
            epochStartMicros = arrivalMicros;
        }
        baseDelayMicros = Math.min(baseDelayMicros, delayMicros);
    }

    /**
     * One feedback's mean delay ({@code delays} packets summing {@code delaySum}, observed
     * first); true when the queue has been building for two feedbacks running.
     */
    boolean overuse(long delaySum, int delays) {
        if (delays == 0) {
            return false;
        }
        double queueMicros = (double) delaySum / delays - Math.min(baseDelayMicros, previousBaseDelayMicros);
        smoothedQueueMicros = Double.isNaN(smoothedQueueMicros) ? queueMicros
                : SMOOTHING * smoothedQueueMicros + (1 - SMOOTHING) * queueMicros;
        boolean building = smoothedQueueMicros > OVERUSE_QUEUE_MICROS
                && (Double.isNaN(previousQueueMicros) || smoothedQueueMicros >= previousQueueMicros);
        previousQueueMicros = smoothedQueueMicros;
        overuseStreak = building ? overuseStreak + 1 : 0;
        return overuseStreak >= 2;
    }
}
