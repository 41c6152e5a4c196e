package io.parley.admin.metrics;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** How often each configured limit ({@code parley.limits.*}) turned something away. */
public final class Refusals {
    /** One per limit; the metric's {@code limit} label is the lower-case name. */
    public enum Limit {
        ROOMS, PARTICIPANTS_PER_ROOM, SESSIONS_PER_IDENTITY, TRACKS_PER_PARTICIPANT, LAYERS_PER_TRACK, MEDIA_SECTIONS,
        CONNECTIONS, CONNECTIONS_PER_ADDRESS, MESSAGE_RATE, WEBSOCKET_SEND_BUFFER, IDLE_CONNECTION;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Map<Limit, LongAdder> counts = new EnumMap<>(Limit.class);

    public Refusals() {
        for (Limit l : Limit.values()) {
            counts.put(l, new LongAdder());
        }
    }

    public void refused(Limit limit) {
        counts.get(limit).increment();
    }

    public long count(Limit limit) {
        return counts.get(limit).sum();
    }
}
