package io.parley.admin.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The TURN REST username and password, as coturn's use-auth-secret recomputes them. */
class TurnCredentialsTest {
    private static final List<String> URLS = List.of("turn:127.0.0.1:3478?transport=tcp");
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void theUsernameIsTheExpiryAndUserAndThePasswordItsHmacSha1() {
        TurnCredentials turn = new TurnCredentials(URLS, "turn-secret-for-tests", Duration.ofHours(1), NOW);
        TurnCredentials.IceServer server = turn.forUser("p1234");
        assertEquals(URLS, server.urls());
        assertEquals("1767229200:p1234", server.username(), "an hour after now, in Unix seconds");
        // Computed apart: base64(HMAC-SHA1("turn-secret-for-tests", "1767229200:p1234")) with Python's hmac.
        assertEquals("464siFs84egg0XI4IqHx08XGtaM=", server.credential());
    }

    @Test
    void anotherSecretOrUserGivesAnotherPassword() {
        String a = new TurnCredentials(URLS, "one", Duration.ofHours(1), NOW).forUser("p1").credential();
        assertFalse(a.equals(new TurnCredentials(URLS, "two", Duration.ofHours(1), NOW).forUser("p1").credential()));
        assertFalse(a.equals(new TurnCredentials(URLS, "one", Duration.ofHours(1), NOW).forUser("p2").credential()));
    }

    @Test
    void withoutUrlsThereIsNothingToHandOutAndAColonInTheUserIsRefused() {
        TurnCredentials none = new TurnCredentials(List.of(), "", Duration.ofHours(1), NOW);
        assertFalse(none.configured());
        assertThrows(IllegalStateException.class, () -> none.forUser("p1"));
        TurnCredentials turn = new TurnCredentials(URLS, "s", Duration.ofHours(1), NOW);
        assertTrue(turn.configured());
        assertThrows(IllegalArgumentException.class, () -> turn.forUser("9999999999:p1"),
                "a user cannot choose its own expiry");
    }
}
