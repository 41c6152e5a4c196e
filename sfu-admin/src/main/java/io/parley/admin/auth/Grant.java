package io.parley.admin.auth;

import java.time.Instant;

/**
 * What a valid token allows.
 *
 * @param identity  the {@code sub} claim: who the participant is
 * @param room      the room it may join, or {@code *} for any
 * @param expires   the {@code exp} claim
 * @param publish   may send media (default true)
 * @param subscribe may receive others' media (default true)
 * @param video     may publish video, not only audio (default true)
 * @param admin     may use the admin API (default false)
 */
public record Grant(String identity, String room, Instant expires, boolean publish, boolean subscribe,
                    boolean video, boolean admin) {
    public static final String ANY_ROOM = "*";

    public boolean allowsRoom(String name) {
        return ANY_ROOM.equals(room) || room.equals(name);
    }

    /** Everything in every room, for a day: the dev-mode demo token. */
    public static Grant everything(String identity, Instant now) {
        return new Grant(identity, ANY_ROOM, now.plusSeconds(24 * 3600), true, true, true, true);
    }
}
