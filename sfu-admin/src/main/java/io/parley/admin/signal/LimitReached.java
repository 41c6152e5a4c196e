package io.parley.admin.signal;

import io.parley.admin.metrics.Refusals;

/** A configured limit turned a request away; the message is what the client is told. */
final class LimitReached extends Exception {
    private final Refusals.Limit limit;

    LimitReached(Refusals.Limit limit, String message) {
        super(message, null, false, false);
        this.limit = limit;
    }

    Refusals.Limit limit() {
        return limit;
    }
}
