package io.parley.admin.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Numbered messages, and exactly the ones a returning client missed, or none when they are gone. */
class OutboxTest {
    private final Outbox outbox = new Outbox(1 << 20);

    @Test
    void eachMessageIsNumberedAndWhatCameAfterAGivenOneIsReplayedInOrder() {
        assertEquals("{\"seq\":1,\"type\":\"joined\"}", outbox.add("{\"type\":\"joined\"}"));
        assertEquals("{\"seq\":2}", outbox.add("{}"));
        outbox.add("{\"type\":\"trackMuted\"}");
        assertEquals(List.of("{\"seq\":2}", "{\"seq\":3,\"type\":\"trackMuted\"}"), outbox.after(1));
        assertEquals(List.of(), outbox.after(3), "nothing missed");
    }

    @Test
    void aGapLongerThanWhatIsKeptOrASeqNeverSentCannotBeReplayed() {
        for (int i = 0; i < Outbox.MAX_MESSAGES + 10; i++) {
            outbox.add("{}");
        }
        assertNull(outbox.after(5), "messages 6 to 10 are no longer kept");
        assertEquals(Outbox.MAX_MESSAGES, outbox.after(10).size(), "from 11 on they are");
        assertNull(outbox.after(Outbox.MAX_MESSAGES + 11), "a seq the server never sent");
        assertNull(outbox.after(-1));
    }

    @Test
    void largeMessagesAreKeptOnlyWithinTheBudget() {
        Outbox small = new Outbox(1000);
        String big = "{\"sdp\":\"" + "x".repeat(400) + "\"}";
        small.add(big);
        small.add(big);
        small.add(big);
        assertNull(small.after(0), "the first no longer fits in 1,000 characters");
        assertEquals(2, small.after(1).size(), "the last two do");
    }
}
