package io.parley.admin.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import org.junit.jupiter.api.Test;

class TokensTest {
    private static final String SECRET = "a-secret-of-at-least-thirty-two-bytes";
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private final Tokens tokens = new Tokens(SECRET, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void grantsDefaultToPublishSubscribeAndVideoButNotAdmin() throws AuthException {
        String token = JWT.create().withSubject("ann").withClaim("room", "standup")
                .withExpiresAt(Date.from(NOW.plusSeconds(60))).sign(hs256(SECRET));
        Grant g = tokens.verify(token);
        assertEquals("ann", g.identity());
        assertTrue(g.publish() && g.subscribe() && g.video());
        assertFalse(g.admin());
        assertTrue(g.allowsRoom("standup"));
        assertFalse(g.allowsRoom("other"));
    }

    @Test
    void aConfiguredIssuerAndAudienceMustBeInTheToken() throws AuthException {
        Tokens strict = new Tokens(SECRET, "app.example", "parley", Clock.fixed(NOW, ZoneOffset.UTC));
        Grant g = new Grant("cat", "r", NOW.plusSeconds(60), true, true, true, false);
        assertEquals("cat", strict.verify(strict.issue(g)).identity(), "its own tokens carry both");
        assertThrows(AuthException.class, () -> strict.verify(tokens.issue(g)), "no iss or aud");
        String otherAudience = JWT.create().withSubject("x").withClaim("room", "r").withIssuer("app.example")
                .withAudience("another-service").withExpiresAt(Date.from(NOW.plusSeconds(60))).sign(hs256(SECRET));
        assertThrows(AuthException.class, () -> strict.verify(otherAudience));
        String otherIssuer = JWT.create().withSubject("x").withClaim("room", "r").withIssuer("elsewhere")
                .withAudience("parley").withExpiresAt(Date.from(NOW.plusSeconds(60))).sign(hs256(SECRET));
        assertThrows(AuthException.class, () -> strict.verify(otherIssuer));
    }

    @Test
    void issuedTokensCarryTheirGrants() throws AuthException {
        Grant audioOnly = new Grant("ben", "*", NOW.plusSeconds(60), true, false, false, false);
        Grant back = tokens.verify(tokens.issue(audioOnly));
        assertEquals(audioOnly.identity(), back.identity());
        assertFalse(back.video());
        assertFalse(back.subscribe());
        assertTrue(back.allowsRoom("anything"));
    }

    @Test
    void everyBadTokenIsA401WithItsReason() {
        String expired = JWT.create().withSubject("x").withClaim("room", "r")
                .withExpiresAt(Date.from(NOW.minusSeconds(1))).sign(hs256(SECRET));
        assertReason(expired, "expired");
        String otherKey = JWT.create().withSubject("x").withClaim("room", "r")
                .withExpiresAt(Date.from(NOW.plusSeconds(60))).sign(hs256("another-secret-of-thirty-two-bytes!!"));
        assertReason(otherKey, "signature");
        String none = JWT.create().withSubject("x").withClaim("room", "r")
                .withExpiresAt(Date.from(NOW.plusSeconds(60))).sign(Algorithm.none());
        assertReason(none, "signature");
        String hs512 = JWT.create().withSubject("x").withClaim("room", "r")
                .withExpiresAt(Date.from(NOW.plusSeconds(60)))
                .sign(Algorithm.HMAC512(SECRET.getBytes(StandardCharsets.UTF_8)));
        assertReason(hs512, "signature");
        String noRoom = JWT.create().withSubject("x").withExpiresAt(Date.from(NOW.plusSeconds(60))).sign(hs256(SECRET));
        assertReason(noRoom, "room");
        String noExpiry = JWT.create().withSubject("x").withClaim("room", "r").sign(hs256(SECRET));
        assertReason(noExpiry, "exp");
        String stringGrant = JWT.create().withSubject("x").withClaim("room", "r").withClaim("video", "yes")
                .withExpiresAt(Date.from(NOW.plusSeconds(60))).sign(hs256(SECRET));
        assertReason(stringGrant, "booleans");
        String numberRoom = JWT.create().withSubject("x").withClaim("room", 7)
                .withExpiresAt(Date.from(NOW.plusSeconds(60))).sign(hs256(SECRET));
        assertReason(numberRoom, "room");
        String nobody = JWT.create().withClaim("room", "r")
                .withExpiresAt(Date.from(NOW.plusSeconds(60))).sign(hs256(SECRET));
        assertReason(nobody, "sub");
        assertReason("not.a.jwt", "not valid");
        assertReason("", "required");
        assertReason(null, "required");
    }

    @Test
    void aShortSecretIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Tokens("too-short", Clock.systemUTC()));
    }

    private void assertReason(String token, String reason) {
        AuthException e = assertThrows(AuthException.class, () -> tokens.verify(token));
        assertEquals(401, e.status());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    private static Algorithm hs256(String secret) {
        return Algorithm.HMAC256(secret.getBytes(StandardCharsets.UTF_8));
    }
}
