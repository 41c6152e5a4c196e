package io.parley.core.forward;

/**
 * The most recent numbers (sequence numbers, picture ids) a rewriter left out of a stream. A
 * packet that arrives late, after later ones went out with the gap closed, still gets the number
 * it would have had in order: its own plus the offset, plus one for each number left out between
 * it and the newest. Not thread-safe.
 */
final class SkippedNumbers {
    /** About a second of left-out packets at video rates; a late packet is rarely older. */
    private static final int CAPACITY = 256;

    private final int mask;
    private final int[] ring = new int[CAPACITY];
    private int next;
    /** Numbers added since the last clear, counting up to one past the capacity. */
    private int added;

    /** @param mask the numbers' range minus one: 0xFFFF for sequence numbers */
    SkippedNumbers(int mask) {
        this.mask = mask;
    }

    void clear() {
        added = 0;
        next = 0;
    }

    void add(int number) {
        ring[next] = number;
        next = (next + 1) % CAPACITY;
        if (added <= CAPACITY) {
            added++;
        }
    }

    /**
     * How many left-out numbers lie after {@code number} up to {@code newest}, in wrap-around
     * order; -1 when some there may have been forgotten.
     */
    int between(int number, int newest) {
        int span = (newest - number) & mask;
        int found = 0;
        for (int i = 0, kept = Math.min(added, CAPACITY); i < kept; i++) {
            int d = (ring[i] - number) & mask;
            if (d != 0 && d <= span) {
                found++;
            }
        }
        if (added > CAPACITY) {
            int oldest = (ring[next] - number) & mask;
            if (oldest != 0 && oldest <= span) {
                return -1;
            }
        }
        return found;
    }
}
