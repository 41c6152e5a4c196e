package io.parley.admin.signal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.parley.admin.auth.Tokens;
import io.parley.admin.auth.TurnCredentials;
import io.parley.admin.config.ConfigLoader;
import io.parley.admin.metrics.Refusals;
import io.parley.core.room.MediaSettings;
import io.parley.core.room.RoomMetrics;
import io.parley.core.rooms.RoomFactory;
import io.parley.core.rooms.RoomLimits;
import io.parley.core.rooms.RoomRegistry;
import io.parley.core.rooms.RoomTimers;
import io.parley.transport.OutboundDecorator;
import io.parley.transport.TransportFactory;
import io.parley.transport.TransportStats;
import io.parley.transport.dtls.CertificateRotation;
import io.parley.transport.ice.IceEndpoint;
import io.parley.transport.ice.IceSettings;
import io.parley.transport.sdp.CodecPolicy;
import io.parley.transport.sdp.Negotiator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The server's signalling parts on one EmbeddedChannel's loop, which is also the rooms' loop, so
 * a test drives everything from its own thread (the fuzz targets of the signalling and HTTP doors).
 * The ICE port is bound to 127.0.0.1 and sends nothing: nobody answers its agents. One per test
 * class: {@code @RegisterExtension static final EmbeddedSignaling SERVER = new EmbeddedSignaling()}
 * opens the port before the first test and closes it after the last.
 */
public final class EmbeddedSignaling implements BeforeAllCallback, AfterAllCallback {
    private static final String SECRET = "embedded-secret-0123456789abcdef-0123";

    private IceEndpoint ice;
    private final CertificateRotation certificates = new CertificateRotation("embedded", Duration.ofDays(1),
            Clock.systemUTC());
    private final PooledByteBufAllocator buffers = new PooledByteBufAllocator(false);
    private final Tokens tokens = new Tokens(SECRET, Clock.systemUTC());

    private String chromeOffer;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        ice = new IceEndpoint(new IceSettings(0, "127.0.0.1", ""));
        try (InputStream in = EmbeddedSignaling.class.getResourceAsStream("/offers/chrome-156-simulcast-offer.sdp")) {
            chromeOffer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ice.close();
    }

    /** A fresh context (rooms, admission) whose rooms live on {@code channel}'s loop. */
    public SignalingContext context(EmbeddedChannel channel) {
        var limits = ConfigLoader.load(Map.of("PARLEY_AUTH_SECRET", SECRET), ConfigFactory.empty()).limits();
        Messages messages = new Messages(new ObjectMapper());
        SessionRegistry sessions = new SessionRegistry(messages);
        RoomRegistry rooms = new RoomRegistry(new RoomFactory(channel.eventLoop(), buffers, MediaSettings.defaults(),
                RoomMetrics.NONE, new RoomEvents(sessions, messages)),
                new RoomTimers(sessions, Duration.ofSeconds(15)),
                new RoomLimits(limits.rooms(), limits.participantsPerRoom()));
        TransportFactory transports = new TransportFactory(buffers, ice, certificates, Runnable::run,
                Duration.ofMillis(50), new TransportStats(), OutboundDecorator.NONE);
        return new SignalingContext(rooms, sessions, new Admission(limits, new Refusals()), messages,
                new Negotiator(CodecPolicy.defaults()), transports,
                new TurnCredentials(List.of(), "", Duration.ofHours(1), Clock.systemUTC()), Duration.ofSeconds(15));
    }

    public Tokens tokens() {
        return tokens;
    }

    /** A real Chromium 156 offer (audio, simulcast video). */
    public String chromeOffer() {
        return chromeOffer;
    }
}
