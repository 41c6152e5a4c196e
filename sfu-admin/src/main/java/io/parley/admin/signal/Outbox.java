package io.parley.admin.signal;

import java.util.ArrayList;
import java.util.List;

/**
 * What one session sent, numbered ({@code seq}, from 1), so that a client whose socket dropped
 * gets on its new one exactly what it missed: the last {@link #CAPACITY} messages are kept. Not
 * thread-safe: its session holds its lock around each use, which also keeps the numbering in the
 * order the messages are written.
 */
final class Outbox {
    static final int CAPACITY = 256;

    private final String[] texts = new String[CAPACITY];
    private long lastSeq;

    /** Numbers one encoded JSON object ({@code {...}}) and keeps it; returns the text to send. */
    String add(String json) {
        long seq = ++lastSeq;
        String text = "{\"seq\":" + seq + (json.length() > 2 ? "," : "") + json.substring(1);
        texts[(int) (seq % CAPACITY)] = text;
        return text;
    }

    /**
     * The messages after {@code seq} in order, or null when the client claims one never sent or
     * some it missed are no longer kept: then it must join again.
     */
    List<String> after(long seq) {
        if (seq < 0 || seq > lastSeq || lastSeq - seq > CAPACITY) {
            return null;
        }
        List<String> missed = new ArrayList<>((int) (lastSeq - seq));
        for (long s = seq + 1; s <= lastSeq; s++) {
            missed.add(texts[(int) (s % CAPACITY)]);
        }
        return missed;
    }
}
