package io.parley.core.forward;

/**
 * The most recent of a set of numbers (sequence numbers or picture ids, extended past their
 * wrap-around), such as those a rewriter left out of a stream: a packet that arrives late, after
 * later ones went out with the gap closed, still gets the number it would have had in order, its
 * own plus the offset plus one for each number left out between it and the newest. Not
 * thread-safe.
 */
final class RecentNumbers {
    /** About a second of packets at video rates; a late packet is rarely older. */
    private static final int CAPACITY = 256;

    private final long[] ring = new long[CAPACITY];
    private int next;
    /** Numbers added since the last clear, counting up to one past the capacity. */
    private int added;

    void clear() {
        added = 0;
        next = 0;
    }

    /** Numbers are added in increasing order. */
    void add(long number) {
        ring[next] = number;
        next = (next + 1) % CAPACITY;
        if (added <= CAPACITY) {
            added++;
        }
    }

    /**
     * How many of the numbers lie after {@code number} up to {@code newest}; -1 when some there
     * may have been forgotten.
     */
    int between(long number, long newest) {
        if (added > CAPACITY && ring[next] > number) {
            return -1;
        }
        int found = 0;
        for (int i = 0, kept = Math.min(added, CAPACITY); i < kept; i++) {
            if (ring[i] > number && ring[i] <= newest) {
                found++;
            }
        }
        return found;
    }

    /** Whether {@code number} is one of them: 1 yes, 0 no, -1 too old to tell. */
    int contains(long number) {
        for (int i = 0, kept = Math.min(added, CAPACITY); i < kept; i++) {
            if (ring[i] == number) {
                return 1;
            }
        }
        return added > CAPACITY && ring[next] > number ? -1 : 0;
    }
}
