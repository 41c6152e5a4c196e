package io.parley.admin.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived TURN credentials in the TURN REST scheme (draft-uberti-behave-turn-rest-00 §2.2),
 * which coturn checks with {@code use-auth-secret}: the username is the expiry (Unix seconds) and
 * the user joined by a colon, the password the base64 HMAC-SHA1 of the username under the secret
 * Parley shares with the TURN server. Nothing is stored: the TURN server recomputes the password,
 * and refuses it once the expiry has passed.
 */
public final class TurnCredentials {
    private static final String HMAC = "HmacSHA1";

    /** One entry of an RTCPeerConnection's {@code iceServers} (W3C WebRTC §4.2.1 RTCIceServer). */
    public record IceServer(List<String> urls, String username, String credential) {}

    private final List<String> urls;
    private final SecretKeySpec key;
    private final Duration lifetime;
    private final Clock clock;

    /** {@code urls} empty: there is no TURN server, and {@link #forUser} is not to be called. */
    public TurnCredentials(List<String> urls, String secret, Duration lifetime, Clock clock) {
        this.urls = List.copyOf(urls);
        this.key = urls.isEmpty() ? null : new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC);
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** Whether clients are told of TURN servers at all. */
    public boolean configured() {
        return key != null;
    }

    /** Credentials for {@code user} (no colon: it ends the expiry), valid for the configured lifetime. */
    public IceServer forUser(String user) {
        if (key == null) {
            throw new IllegalStateException("no TURN server is configured");
        }
        if (user.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a TURN REST user holds no colon: " + user);
        }
        String username = clock.instant().plus(lifetime).getEpochSecond() + ":" + user;
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            byte[] password = mac.doFinal(username.getBytes(StandardCharsets.UTF_8));
            return new IceServer(urls, username, Base64.getEncoder().encodeToString(password));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is part of every JDK", e);
        }
    }
}
