package io.parley.admin.signal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * What one session sent, numbered ({@code seq}, from 1), so that a client whose socket dropped
 * gets on its new one exactly what it missed. It keeps the last {@link #MAX_MESSAGES} messages
 * within a budget of characters (half the socket's send buffer, so that a replay fits in it):
 * a client cannot make the server hold more by asking for large answers. Not thread-safe: its
 * {@link ClientLink} holds its lock around each use, which also keeps the numbering in the order
 * the messages are written.
 */
final class Outbox {
    static final int MAX_MESSAGES = 256;

    private final long maxChars;
    private final ArrayDeque<String> kept = new ArrayDeque<>();
    private long keptChars;
    private long lastSeq;

    Outbox(long maxChars) {
        this.maxChars = maxChars;
    }

    /** Numbers one encoded JSON object ({@code {...}}) and keeps it; returns the text to send. */
    String add(String json) {
        long seq = ++lastSeq;
        String text = "{\"seq\":" + seq + (json.length() > 2 ? "," : "") + json.substring(1);
        kept.addLast(text);
        keptChars += text.length();
        while (kept.size() > MAX_MESSAGES || keptChars > maxChars) {
            keptChars -= kept.removeFirst().length();
        }
        return text;
    }

    /**
     * The messages after {@code seq} in order, or null when the client claims one never sent or
     * some it missed are no longer kept: then it must join again.
     */
    List<String> after(long seq) {
        long firstKept = lastSeq - kept.size() + 1;
        if (seq < 0 || seq > lastSeq || seq + 1 < firstKept) {
            return null;
        }
        List<String> missed = new ArrayList<>((int) (lastSeq - seq));
        long s = firstKept;
        for (String text : kept) {
            if (s++ > seq) {
                missed.add(text);
            }
        }
        return missed;
    }
}
