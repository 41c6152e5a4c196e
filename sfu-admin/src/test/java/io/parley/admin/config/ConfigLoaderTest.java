package io.parley.admin.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
    private static final String SECRET = "a-secret-of-at-least-thirty-two-bytes";
    private static final Map<String, String> ENV = Map.of("PARLEY_AUTH_SECRET", SECRET);

    @Test
    void tokensNeedASecretOfRealLengthUnlessInDevMode() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of(), ConfigFactory.empty()));
        assertTrue(e.getMessage().contains("parley.auth.secret") && e.getMessage().contains("dev-mode"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of("PARLEY_AUTH_SECRET", "short"),
                ConfigFactory.empty()));
        assertTrue(e.getMessage().contains("32 bytes"), e.getMessage());
        ParleyConfig dev = ConfigLoader.load(Map.of(), ConfigFactory.parseMap(Map.of("parley.auth.dev-mode", true)));
        assertTrue(dev.auth().devMode());
        assertEquals(SECRET, ConfigLoader.load(ENV, ConfigFactory.empty()).auth().secret(), "from the environment");
        assertTrue(!ConfigLoader.load(ENV, ConfigFactory.empty()).auth().toString().contains(SECRET),
                "the secret stays out of logs");
    }
    @Test
    void embeddedDefaults() {
        ParleyConfig c = ConfigLoader.load(ENV, ConfigFactory.empty());
        assertEquals(8080, c.http().port());
        assertTrue(c.media().repair().nack());
        assertEquals(10000, c.ice().udpPort());
        assertEquals("", c.ice().bindAddress());
        assertEquals(List.of("VP8", "H264"), c.media().videoCodecs());
        assertEquals(Duration.ofSeconds(15), c.sessions().silenceTimeout());
    }

    @Test
    void productionIsOneSwitchAwayAndASecretWithDevModeIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(ENV,
                ConfigFactory.parseMap(Map.of("parley.auth.dev-mode", true))));
        assertTrue(e.getMessage().contains("PARLEY_DEV_MODE=false"), e.getMessage());
        var shipped = ConfigFactory.parseFile(new java.io.File("../config/parley.conf")).getConfig("parley");
        assertTrue(ConfigLoader.from(shipped).auth().devMode(), "the shipped file runs the demo");
        ParleyConfig production = ConfigLoader.from(ConfigFactory.parseMap(Map.of(
                "auth.dev-mode", false, "auth.secret", SECRET, "auth.issuer", "app.example")).withFallback(shipped));
        assertTrue(!production.auth().devMode() && production.auth().issuer().equals("app.example"));
        assertTrue(!ConfigLoader.load(Map.of("PARLEY_AUTH_SECRET", SECRET, "PARLEY_DEV_MODE", "false"),
                ConfigFactory.empty()).auth().devMode(), "from the environment");
    }

    @Test
    void everyLimitHasADefaultAndRefusesNonsense() {
        ParleyConfig.Limits l = ConfigLoader.load(ENV, ConfigFactory.empty()).limits();
        assertEquals(100, l.participantsPerRoom());
        assertEquals(1024 * 1024, l.websocketSendBufferBytes());
        assertEquals(Duration.ofSeconds(60), l.idleTimeout());
        assertEquals(64 * 1024, l.messageBytes());
        assertEquals(4, l.layersPerTrack());
        assertEquals(64, l.mediaSections());
        for (var bad : List.of(Map.of("parley.limits.rooms", 0), Map.of("parley.limits.messages-per-second", -1),
                Map.of("parley.limits.websocket-send-buffer", "1KiB"), Map.of("parley.limits.idle-timeout", "10ms"),
                Map.of("parley.limits.message-bytes", "1KiB"), Map.of("parley.limits.media-sections", 0),
                Map.of("parley.limits.layers-per-track", 0), Map.of("parley.limits.media-sections", 513),
                Map.of("parley.limits.layers-per-track", 17))) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> ConfigLoader.load(ENV, ConfigFactory.parseMap(bad)));
            assertTrue(e.getMessage().contains(bad.keySet().iterator().next()), e.getMessage());
        }
    }

    @Test
    void environmentOverridesDefaultsAndExplicitSettingsOverrideEnvironment() {
        ParleyConfig c = ConfigLoader.load(Map.of("PARLEY_HTTP_PORT", "9090", "PARLEY_PUBLIC_ADDRESS", "203.0.113.7",
                "PARLEY_ICE_UDP_PORT", "20000", "PARLEY_AUTH_SECRET", SECRET), ConfigFactory.parseMap(Map.of("parley.ice.udp-port", 30000)));
        assertEquals(9090, c.http().port());
        assertEquals("203.0.113.7", c.ice().advertisedAddress());
        assertEquals(30000, c.ice().udpPort());
    }

    @Test
    void badValuesNameTheKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(ENV,
                ConfigFactory.parseMap(Map.of("parley.ice.udp-port", 70000))));
        assertTrue(e.getMessage().contains("parley.ice.udp-port"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of("PARLEY_HTTP_PORT", "eighty", "PARLEY_AUTH_SECRET", SECRET),
                ConfigFactory.empty()));
        assertTrue(e.getMessage().contains("http.port"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> ConfigLoader.load(ENV,
                ConfigFactory.parseMap(Map.of("parley.media.video-codecs", List.of("VP7")))));
        assertTrue(e.getMessage().contains("VP7"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> ConfigLoader.load(ENV,
                ConfigFactory.parseMap(Map.of("parley.media.cache-packets", 1000))));
        assertTrue(e.getMessage().contains("power of two"), e.getMessage());
    }

    @Test
    void turnUrlsNeedTheSecretAndMustBeTurnUris() {
        var e = assertThrows(ConfigException.class, () -> ConfigLoader.load(ENV,
                ConfigFactory.parseMap(Map.of("parley.turn.urls", List.of("turn:127.0.0.1:3478?transport=tcp")))));
        assertTrue(e.getMessage().contains("parley.turn.secret"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> ConfigLoader.load(ENV, ConfigFactory.parseMap(Map.of(
                "parley.turn.urls", List.of("http://turn.example.com"), "parley.turn.secret", "s"))));
        assertTrue(e.getMessage().contains("http://turn.example.com"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> ConfigLoader.load(ENV, ConfigFactory.parseMap(Map.of(
                "parley.turn.urls", List.of("turns:t.example.com:443?transport=tcp"), "parley.turn.secret", "s",
                "parley.turn.credential-lifetime", "30s"))));
        assertTrue(e.getMessage().contains("credential-lifetime"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> ConfigLoader.load(ENV, ConfigFactory.parseMap(Map.of(
                "parley.turn.urls", List.of("turn:?transport=tcp"), "parley.turn.secret", "s"))));
        assertTrue(e.getMessage().contains("turn:?transport=tcp"), "a TURN URI needs a host: " + e.getMessage());
        assertEquals(List.of("TURN:t.example.com"), ConfigLoader.load(ENV, ConfigFactory.parseMap(Map.of(
                "parley.turn.urls", List.of("TURN:t.example.com"), "parley.turn.secret", "s"))).turn().urls(),
                "schemes are case-insensitive");

        ParleyConfig c = ConfigLoader.load(Map.of("PARLEY_AUTH_SECRET", SECRET, "PARLEY_TURN_SECRET", "from-env"),
                ConfigFactory.parseMap(Map.of("parley.turn.urls", List.of("turn:t.example.com:3478"))));
        assertEquals("from-env", c.turn().secret(), "the secret can come from the environment");
        assertFalse(c.turn().toString().contains("from-env"), "and is not printed: " + c.turn());
        assertTrue(ConfigLoader.load(ENV, ConfigFactory.empty()).turn().urls().isEmpty(), "no TURN by default");
    }

    @Test
    void theShippedOperatorFileLoadsAndKeepsIce4jOffTheNetwork() {
        var file = ConfigFactory.parseFile(new java.io.File("../config/parley.conf"));
        assertEquals(false, file.getBoolean("ice4j.harvest.mapping.aws.enabled"));
        assertTrue(file.getList("ice4j.harvest.mapping.stun.addresses").isEmpty());
        ParleyConfig c = ConfigLoader.from(file.getConfig("parley"));
        assertEquals(8080, c.http().port());
        assertTrue(c.media().repair().nack());
        var embedded = ConfigFactory.parseResources("application.conf");
        assertEquals(false, embedded.getBoolean("ice4j.harvest.mapping.aws.enabled"));
        assertTrue(embedded.getList("ice4j.harvest.mapping.stun.addresses").isEmpty());
    }

    @Test
    void httpsNeedsBothFilesAndASaneReloadCheck() {
        var e = assertThrows(ConfigException.class, () -> ConfigLoader.load(ENV,
                ConfigFactory.parseMap(Map.of("parley.http.tls.certificate", "/etc/parley/fullchain.pem"))));
        assertTrue(e.getMessage().contains("both"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> ConfigLoader.load(ENV, ConfigFactory.parseMap(Map.of(
                "parley.http.tls.certificate", "a.pem", "parley.http.tls.private-key", "b.pem",
                "parley.http.tls.reload-check", "100ms"))));
        assertTrue(e.getMessage().contains("reload-check"), e.getMessage());
        assertEquals(null, ConfigLoader.load(ENV, ConfigFactory.empty()).http().tls(), "plain HTTP by default");
    }
}
