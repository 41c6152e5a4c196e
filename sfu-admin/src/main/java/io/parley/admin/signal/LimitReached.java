package io.parley.admin.signal;

/** A configured limit turned a request away; the message is what the client is told. */
final class LimitReached extends Exception {
    LimitReached(String message) {
        super(message, null, false, false);
    }
}
