package io.parley.admin.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.parley.admin.auth.Tokens;
import io.parley.core.room.MediaSettings;
import io.parley.transport.ice.IceSettings;

/**
 * Builds {@link ParleyConfig} once. Precedence, highest first: -D system properties, the
 * operator environment variables, the file named by -Dconfig.file, the embedded defaults
 * (application.conf in the server jar). This is the same layering ice4j uses for its own
 * {@code ice4j} section, so one file configures both.
 */
public final class ConfigLoader {
    /**
     * Simulcast layers a client can address in its layer preferences (0..15) and that the routing
     * tells apart; browsers send three.
     */
    private static final int MAX_LAYERS_PER_TRACK = 16;
    /**
     * m-lines in one offer: each received track costs the transport SRTP contexts for its media and
     * repair streams (SrtpSession keeps at most 1024 per direction).
     */
    private static final int MAX_MEDIA_SECTIONS = 512;

    /** Environment variables operators set in containers, and the keys they override. */
    static final Map<String, String> ENVIRONMENT_KEYS = Map.of(
            "PARLEY_HTTP_PORT", "parley.http.port",
            "PARLEY_ICE_UDP_PORT", "parley.ice.udp-port",
            "PARLEY_ICE_ADDRESS", "parley.ice.bind-address",
            "PARLEY_PUBLIC_ADDRESS", "parley.ice.advertised-address",
            "PARLEY_AUTH_SECRET", "parley.auth.secret",
            "PARLEY_DEV_MODE", "parley.auth.dev-mode",
            "PARLEY_TURN_SECRET", "parley.turn.secret",
            "PARLEY_TLS_CERTIFICATE", "parley.http.tls.certificate",
            "PARLEY_TLS_PRIVATE_KEY", "parley.http.tls.private-key");

    private static final Set<String> AUDIO_CODECS = Set.of("opus");
    private static final Set<String> VIDEO_CODECS = Set.of("VP8", "VP9", "AV1", "H264");

    private ConfigLoader() {
    }

    /** Loads from the process's system properties, environment and files. */
    public static ParleyConfig load() {
        return load(System.getenv(), ConfigFactory.empty());
    }

    /**
     * Loads with explicit environment and extra overrides (highest precedence), as tests do.
     *
     * @throws ConfigException with the offending key and reason when a value is invalid
     */
    public static ParleyConfig load(Map<String, String> environment, Config overrides) {
        ConfigFactory.invalidateCaches();
        Config config = overrides
                .withFallback(ConfigFactory.systemProperties())
                .withFallback(fromEnvironment(environment))
                .withFallback(ConfigFactory.parseApplicationReplacement().orElse(ConfigFactory.empty()))
                .withFallback(ConfigFactory.parseResourcesAnySyntax("application"))
                .withFallback(ConfigFactory.defaultReference())
                .resolve();
        return from(config.getConfig("parley"));
    }

    static ParleyConfig from(Config c) {
        ParleyConfig.Http http = new ParleyConfig.Http(c.getString("http.host"), c.getInt("http.port"), tls(c));
        int udpPort = c.getInt("ice.udp-port");
        requirePort("parley.ice.udp-port", udpPort);
        IceSettings ice = new IceSettings(udpPort, c.getString("ice.bind-address"),
                c.getString("ice.advertised-address"));
        ParleyConfig.Media media = new ParleyConfig.Media(
                codecs(c, "media.audio-codecs", AUDIO_CODECS), codecs(c, "media.video-codecs", VIDEO_CODECS),
                repair(c), nonNegative(c, "media.publisher-start-kbps"));
        ParleyConfig.Sessions sessions = new ParleyConfig.Sessions(
                c.getDuration("session.silence-timeout"), c.getDuration("session.handshake-timeout"),
                positive(c, "session.handshake-threads"), c.getDuration("session.certificate-lifetime"));
        if (sessions.certificateLifetime().toHours() < 1) {
            throw new ConfigException.BadValue("parley.session.certificate-lifetime", "must be at least 1h");
        }
        if (sessions.silenceTimeout().toMillis() < 1000) {
            throw new ConfigException.BadValue("parley.session.silence-timeout", "must be at least 1s");
        }
        int loops = c.getInt("event-loops");
        if (loops < 0) {
            throw new ConfigException.BadValue("parley.event-loops", "must be >= 0 (0 = number of cores)");
        }
        int metricsPort = c.getInt("metrics.port");
        if (metricsPort != -1) {
            requirePort("parley.metrics.port", metricsPort);
        }
        Duration grace = c.getDuration("shutdown-grace");
        if (grace.isNegative()) {
            throw new ConfigException.BadValue("parley.shutdown-grace", "must not be negative");
        }
        return new ParleyConfig(http, ice, media, sessions, loops, metricsPort, grace, auth(c), limits(c), turn(c));
    }

    private static ParleyConfig.Tls tls(Config c) {
        String certificate = c.getString("http.tls.certificate");
        String key = c.getString("http.tls.private-key");
        if (certificate.isEmpty() && key.isEmpty()) {
            return null;
        }
        if (certificate.isEmpty() || key.isEmpty()) {
            throw new ConfigException.BadValue("parley.http.tls", "HTTPS needs both the certificate and the private key");
        }
        Duration check = c.getDuration("http.tls.reload-check");
        if (check.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ConfigException.BadValue("parley.http.tls.reload-check", "must be at least 1s");
        }
        return new ParleyConfig.Tls(Path.of(certificate), Path.of(key), check);
    }

    private static ParleyConfig.Turn turn(Config c) {
        List<String> urls = c.getStringList("turn.urls");
        for (String url : urls) {
            // RFC 7065 §3.1: turn: and turns: URIs (schemes are case-insensitive, RFC 3986 §3.1) with a
            // host; stun: (RFC 7064) needs no credential but is allowed beside them.
            String scheme = url.substring(0, Math.max(0, url.indexOf(':'))).toLowerCase(Locale.ROOT);
            if (!List.of("turn", "turns", "stun").contains(scheme) || url.length() <= scheme.length() + 1
                    || url.charAt(scheme.length() + 1) == '?') {
                throw new ConfigException.BadValue("parley.turn.urls", "'" + url
                        + "' is no turn:, turns: or stun: URI (RFC 7065)");
            }
        }
        String secret = c.getString("turn.secret");
        if (!urls.isEmpty() && secret.isEmpty()) {
            throw new ConfigException.BadValue("parley.turn.secret", "TURN urls need the TURN server's shared secret"
                    + " (coturn's static-auth-secret, or PARLEY_TURN_SECRET) to hand out credentials");
        }
        Duration lifetime = c.getDuration("turn.credential-lifetime");
        if (lifetime.compareTo(Duration.ofMinutes(1)) < 0 || lifetime.compareTo(Duration.ofDays(7)) > 0) {
            throw new ConfigException.BadValue("parley.turn.credential-lifetime", "must be from 1m to 7d");
        }
        return new ParleyConfig.Turn(urls, secret, lifetime);
    }

    private static MediaSettings repair(Config c) {
        try {
            return new MediaSettings(c.getBoolean("media.nack"), c.getInt("media.cache-packets"),
                    Math.toIntExact(c.getDuration("media.cache-age").toMillis()));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new ConfigException.BadValue("parley.media", e.getMessage());
        }
    }

    private static ParleyConfig.Auth auth(Config c) {
        String secret = c.getString("auth.secret");
        boolean devMode = c.getBoolean("auth.dev-mode");
        if (secret.isEmpty() && !devMode) {
            throw new ConfigException.BadValue("parley.auth.secret", "a secret is required to verify join tokens"
                    + " (or PARLEY_AUTH_SECRET); for a local demo set parley.auth.dev-mode = true instead");
        }
        if (!secret.isEmpty() && secret.getBytes(StandardCharsets.UTF_8).length < Tokens.MIN_SECRET_BYTES) {
            throw new ConfigException.BadValue("parley.auth.secret",
                    "must be at least " + Tokens.MIN_SECRET_BYTES + " bytes (RFC 7518 §3.2)");
        }
        if (!secret.isEmpty() && devMode) {
            // Dev mode prints an admin token for every room; signed with a real secret it would be
            // a day-long key to the server in the log.
            throw new ConfigException.BadValue("parley.auth.dev-mode", "dev mode is for a laptop without a secret;"
                    + " with parley.auth.secret set, turn it off (PARLEY_DEV_MODE=false) for production");
        }
        return new ParleyConfig.Auth(secret, devMode, c.getString("auth.issuer"), c.getString("auth.audience"));
    }

    private static ParleyConfig.Limits limits(Config c) {
        long sendBuffer = c.getBytes("limits.websocket-send-buffer");
        if (sendBuffer < 64 * 1024 || sendBuffer > Integer.MAX_VALUE) {
            throw new ConfigException.BadValue("parley.limits.websocket-send-buffer", "must be 64 KiB to 2 GiB");
        }
        Duration idle = c.getDuration("limits.idle-timeout");
        if (idle.toMillis() < 1000) {
            throw new ConfigException.BadValue("parley.limits.idle-timeout", "must be at least 1s");
        }
        long messageBytes = c.getBytes("limits.message-bytes");
        if (messageBytes < 4096 || messageBytes > 16 * 1024 * 1024) {
            throw new ConfigException.BadValue("parley.limits.message-bytes", "must be 4 KiB to 16 MiB");
        }
        return new ParleyConfig.Limits(positive(c, "limits.rooms"), positive(c, "limits.participants-per-room"),
                positive(c, "limits.sessions-per-identity"), positive(c, "limits.tracks-per-participant"),
                atMost(c, "limits.layers-per-track", MAX_LAYERS_PER_TRACK),
                atMost(c, "limits.media-sections", MAX_MEDIA_SECTIONS),
                positive(c, "limits.connections"),
                positive(c, "limits.connections-per-address"), positive(c, "limits.messages-per-second"),
                (int) messageBytes, positive(c, "limits.pending-handshakes"), (int) sendBuffer, idle);
    }

    static void requirePort(String key, int port) {
        if (port < 0 || port > 65535) {
            throw new ConfigException.BadValue(key, "not a port number: " + port);
        }
    }

    private static int nonNegative(Config c, String key) {
        int v = c.getInt(key);
        if (v < 0) {
            throw new ConfigException.BadValue("parley." + key, "must not be negative: " + v);
        }
        return v;
    }

    private static int atMost(Config c, String key, int max) {
        int v = positive(c, key);
        if (v > max) {
            throw new ConfigException.BadValue("parley." + key, "must be at most " + max + ": " + v);
        }
        return v;
    }

    private static int positive(Config c, String key) {
        int v = c.getInt(key);
        if (v <= 0) {
            throw new ConfigException.BadValue("parley." + key, "must be positive: " + v);
        }
        return v;
    }

    private static List<String> codecs(Config c, String key, Set<String> known) {
        List<String> names = c.getStringList(key);
        if (names.isEmpty()) {
            throw new ConfigException.BadValue("parley." + key, "needs at least one codec");
        }
        for (String n : names) {
            if (!known.contains(n)) {
                throw new ConfigException.BadValue("parley." + key, "unsupported codec '" + n + "', known: " + known);
            }
        }
        return names;
    }

    private static Config fromEnvironment(Map<String, String> environment) {
        Map<String, Object> values = new HashMap<>();
        ENVIRONMENT_KEYS.forEach((variable, key) -> {
            String v = environment.get(variable);
            if (v != null && !v.isBlank()) {
                values.put(key, v.trim());
            }
        });
        return ConfigFactory.parseMap(values, "environment variables");
    }
}
