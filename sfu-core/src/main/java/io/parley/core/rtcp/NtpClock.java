package io.parley.core.rtcp;

/**
 * Wallclock time in the NTP format of RTCP sender reports (RFC 3550 §4), derived from
 * {@link System#nanoTime()} so that it never jumps with the system clock during a call.
 */
public final class NtpClock {
    /** Seconds from the NTP epoch (1900) to the Unix epoch (1970). */
    private static final long EPOCH_OFFSET_SECONDS = 2_208_988_800L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long unixNanosAtStart;
    private final long nanoTimeAtStart;

    public NtpClock(long unixMillisNow, long nanoTimeNow) {
        this.unixNanosAtStart = unixMillisNow * 1_000_000L;
        this.nanoTimeAtStart = nanoTimeNow;
    }

    /** 64-bit NTP timestamp: seconds since 1900 in the high word, the fraction in the low word. */
    public long ntp(long nanoTime) {
        long unixNanos = unixNanosAtStart + (nanoTime - nanoTimeAtStart);
        long seconds = unixNanos / NANOS_PER_SECOND + EPOCH_OFFSET_SECONDS;
        long fraction = ((unixNanos % NANOS_PER_SECOND) << 32) / NANOS_PER_SECOND;
        return (seconds << 32) | fraction;
    }

    /** The middle 32 bits, as carried in LSR (RFC 3550 §6.4.1): units of 1/65536 s. */
    public static long middle(long ntp) {
        return (ntp >>> 16) & 0xFFFFFFFFL;
    }

    /** A duration in 1/65536 s (the unit of LSR, DLSR and round-trip time) as nanoseconds. */
    public static long compactToNanos(long compact) {
        return compact * NANOS_PER_SECOND >>> 16;
    }

    public static long nanosToCompact(long nanos) {
        return (nanos << 16) / NANOS_PER_SECOND;
    }
}
