package io.parley.admin.auth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.AlgorithmMismatchException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;

/**
 * Issues and verifies join tokens: JWTs signed with HMAC-SHA256 (RFC 7518 §3.2) under one shared
 * secret. Only HS256 is accepted, so a token cannot pick its own algorithm ("none" included).
 * Thread-safe.
 */
public final class Tokens {
    /** RFC 7518 §3.2: the HMAC key must be at least as long as the hash output. */
    public static final int MIN_SECRET_BYTES = 32;

    private final Algorithm algorithm;
    private final JWTVerifier verifier;
    private final Clock clock;
    private final String issuer;
    private final String audience;

    public Tokens(String secret, Clock clock) {
        this(secret, "", "", clock);
    }

    /**
     * @param issuer   when not empty, tokens must carry this {@code iss} (RFC 7519 §4.1.1), so a
     *                 token the same secret signed for another service is refused
     * @param audience when not empty, tokens must name this {@code aud} (RFC 7519 §4.1.3)
     */
    public Tokens(String secret, String issuer, String audience, Clock clock) {
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        if (key.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the auth secret must be at least " + MIN_SECRET_BYTES + " bytes");
        }
        this.algorithm = Algorithm.HMAC256(key);
        this.clock = clock;
        this.issuer = issuer;
        this.audience = audience;
        com.auth0.jwt.interfaces.Verification v = JWT.require(algorithm).withClaimPresence("sub")
                .withClaimPresence("room").withClaimPresence("exp");
        if (!issuer.isEmpty()) {
            v = v.withIssuer(issuer);
        }
        if (!audience.isEmpty()) {
            v = v.withAudience(audience);
        }
        this.verifier = ((JWTVerifier.BaseVerification) v).build(clock);
    }

    /** Checks signature, algorithm and expiry and reads the grants; 401 when any is wrong. */
    public Grant verify(String token) throws AuthException {
        if (token == null || token.isBlank()) {
            throw AuthException.unauthorized("a token is required (Authorization: Bearer, or ?token=)");
        }
        DecodedJWT jwt;
        try {
            jwt = verifier.verify(token);
        } catch (TokenExpiredException e) {
            throw AuthException.unauthorized("the token has expired");
        } catch (SignatureVerificationException | AlgorithmMismatchException e) {
            throw AuthException.unauthorized("the token's signature is not valid");
        } catch (JWTVerificationException e) {
            throw AuthException.unauthorized("the token is not valid: " + e.getMessage());
        }
        String room = jwt.getClaim("room").asString();
        if (room == null || room.isEmpty()) {
            throw AuthException.unauthorized("the token's room must be a room name or \"*\"");
        }
        if (jwt.getSubject() == null || jwt.getSubject().isBlank()) {
            throw AuthException.unauthorized("the token needs a sub: who it is for");
        }
        return new Grant(jwt.getSubject(), room, jwt.getExpiresAtAsInstant(),
                flag(jwt.getClaim("publish"), true), flag(jwt.getClaim("subscribe"), true),
                flag(jwt.getClaim("video"), true), flag(jwt.getClaim("admin"), false));
    }

    /** Reads a boolean grant; a claim of another type is a malformed token, not a default. */
    private static boolean flag(Claim claim, boolean absent) throws AuthException {
        if (claim.isMissing() || claim.isNull()) {
            return absent;
        }
        Boolean b = claim.asBoolean();
        if (b == null) {
            throw AuthException.unauthorized("the token's grants must be booleans");
        }
        return b;
    }

    /** Signs a token carrying these grants. */
    public String issue(Grant grant) {
        com.auth0.jwt.JWTCreator.Builder b = JWT.create();
        if (!issuer.isEmpty()) {
            b.withIssuer(issuer);
        }
        if (!audience.isEmpty()) {
            b.withAudience(audience);
        }
        return b
                .withSubject(grant.identity())
                .withClaim("room", grant.room())
                .withExpiresAt(Date.from(grant.expires()))
                .withIssuedAt(Date.from(clock.instant()))
                .withClaim("publish", grant.publish())
                .withClaim("subscribe", grant.subscribe())
                .withClaim("video", grant.video())
                .withClaim("admin", grant.admin())
                .sign(algorithm);
    }

    public Instant now() {
        return clock.instant();
    }
}
