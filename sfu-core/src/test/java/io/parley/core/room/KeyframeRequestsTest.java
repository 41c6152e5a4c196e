package io.parley.core.room;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Many requests become one PLI per interval, and a wish inside the interval is kept, not lost. */
class KeyframeRequestsTest {
    private static final long START = 5_000_000_000L;
    private static final long INTERVAL = KeyframeRequests.INTERVAL_NANOS;
    private final KeyframeRequests requests = new KeyframeRequests();

    @Test
    void aStormOfRequestsSendsOnePliPerInterval() {
        assertTrue(requests.request(START, true), "the first request goes at once");
        assertFalse(requests.request(START + 1, true));
        assertFalse(requests.request(START + INTERVAL - 1, true), "still inside the interval");
        assertTrue(requests.request(START + INTERVAL, true), "the interval is over");
    }

    @Test
    void aWishInsideTheIntervalIsSentWhenItEndsUnlessTheKeyframeCame() {
        requests.request(START, true);
        requests.request(START + 10, true);
        assertFalse(requests.repeatDue(START + INTERVAL - 1));
        assertTrue(requests.repeatDue(START + INTERVAL), "the kept wish goes when the interval ends");
        assertFalse(requests.repeatDue(START + INTERVAL + 1), "and only once per interval");
        assertTrue(requests.arrived(), "a keyframe had been asked for");
        assertFalse(requests.repeatDue(START + 3 * INTERVAL), "it came: nothing more to ask");
        assertFalse(requests.arrived(), "nothing was wanted any more");
    }

    @Test
    void withoutAnSsrcTheWishWaitsForThePacketsToBeginAndGoesThen() {
        assertFalse(requests.request(START, false), "no SSRC yet: no PLI to address");
        assertTrue(requests.repeatDue(START + 1), "the first packet of the layer sends the wish");
    }
}
