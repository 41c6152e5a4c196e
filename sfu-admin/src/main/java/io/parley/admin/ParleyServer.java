package io.parley.admin;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.parley.admin.api.AdminApi;
import io.parley.admin.api.WhipWhepApi;
import io.parley.admin.auth.Grant;
import io.parley.admin.auth.Tokens;
import io.parley.admin.auth.TurnCredentials;
import io.parley.admin.config.ParleyConfig;
import io.parley.admin.metrics.Refusals;
import io.parley.admin.metrics.ServerMetrics;
import io.parley.admin.http.HttpEndpoint;
import io.parley.admin.signal.Admission;
import io.parley.admin.signal.Messages;
import io.parley.admin.signal.RoomEvents;
import io.parley.admin.signal.SessionRegistry;
import io.parley.admin.signal.SignalingContext;
import io.parley.transport.OutboundDecorator;
import io.parley.transport.TransportFactory;
import io.parley.core.rooms.RoomCensus;
import io.parley.core.rooms.RoomFactory;
import io.parley.core.rooms.RoomLimits;
import io.parley.core.rooms.RoomRegistry;
import io.parley.core.rooms.RoomTimers;
import io.parley.transport.TransportStats;
import io.parley.transport.dtls.CertificateRotation;
import io.parley.transport.ice.IceEndpoint;
import io.parley.transport.srtp.SrtpWarmUp;
import io.parley.transport.sdp.CodecPolicy;
import io.parley.transport.sdp.Negotiator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The whole server, wired by constructor from one {@link ParleyConfig}: the ICE port, the room
 * event loops, the DTLS handshake pool and the HTTP port. {@link #close()} frees all of it.
 */
public final class ParleyServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ParleyServer.class);
    /** Handshakes waiting beyond this are refused: a flood must not queue without bound. */
    private static final long DRAIN_POLL_MILLIS = 100;

    private final IceEndpoint ice;
    private final EventLoopGroup roomLoops;
    private final EventLoopGroup httpLoops;
    private final ThreadPoolExecutor handshakes;
    private final HttpEndpoint http;
    /** The metrics-only port, or null when /metrics is on the HTTP port. */
    private final HttpEndpoint metricsHttp;
    private final SignalingContext signaling;
    private final TransportStats transportStats = new TransportStats();
    private final ServerMetrics metrics = new ServerMetrics(transportStats);
    private final Refusals refusals = new Refusals();
    private final Tokens tokens;

    public ParleyServer(ParleyConfig config) throws IOException, InterruptedException {
        this(config, OutboundDecorator.NONE);
    }

    /**
     * A server whose transports send through {@code outbound} on their way to the network: how
     * tests put a lossy or narrow link between the server and its clients.
     */
    public ParleyServer(ParleyConfig config, OutboundDecorator outbound) throws IOException, InterruptedException {
        if (!SLF4JBridgeHandler.isInstalled()) {
            // ice4j and jitsi libraries log through java.util.logging.
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
        long warmUpStart = System.nanoTime();
        SrtpWarmUp.run();
        log.info("SRTP ciphers chosen in {} ms", (System.nanoTime() - warmUpStart) / 1_000_000);
        tokens = new Tokens(config.auth().secret().isEmpty() ? randomSecret() : config.auth().secret(),
                config.auth().issuer(), config.auth().audience(), Clock.systemUTC());
        int loops = config.eventLoops() > 0 ? config.eventLoops() : Runtime.getRuntime().availableProcessors();
        ParleyConfig.Sessions sessions = config.sessions();
        handshakes = new ThreadPoolExecutor(sessions.handshakeThreads(), sessions.handshakeThreads(),
                30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(config.limits().pendingHandshakes()),
                new DefaultThreadFactory("parley-dtls", true));
        handshakes.allowCoreThreadTimeOut(true);
        roomLoops = new DefaultEventLoopGroup(loops, new DefaultThreadFactory("parley-room", true));
        httpLoops = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("parley-http", true),
                NioIoHandler.newFactory());
        IceEndpoint iceEndpoint = null;
        HttpEndpoint httpEndpoint = null;
        HttpEndpoint metricsEndpoint = null;
        try {
            iceEndpoint = new IceEndpoint(config.ice());
            metrics.watchIce(iceEndpoint);
            metrics.watchRefusals(refusals);
            Negotiator negotiator = new Negotiator(CodecPolicy.defaults()
                    .withAudioCodecs(config.media().audioCodecs())
                    .withVideoCodecs(config.media().videoCodecs())
                    .withNack(config.media().repair().nack())
                    .withPublisherStartKbps(config.media().publisherStartKbps()));
            PooledByteBufAllocator buffers = new PooledByteBufAllocator(false);
            metrics.watchBuffers(buffers);
            Messages messages = new Messages(new ObjectMapper());
            SessionRegistry sessionRegistry = new SessionRegistry(messages);
            RoomFactory roomFactory = new RoomFactory(roomLoops, buffers, config.media().repair(),
                    metrics.roomMetrics(), new RoomEvents(sessionRegistry, messages));
            RoomRegistry rooms = new RoomRegistry(roomFactory, new RoomTimers(sessionRegistry, sessions.silenceTimeout()),
                    new RoomLimits(config.limits().rooms(), config.limits().participantsPerRoom()));
            TransportFactory transports = new TransportFactory(buffers, iceEndpoint,
                    new CertificateRotation("parley", sessions.certificateLifetime(), Clock.systemUTC()), handshakes,
                    sessions.handshakeTimeout(), transportStats, outbound);
            signaling = new SignalingContext(rooms, sessionRegistry, new Admission(config.limits(), refusals), messages,
                    negotiator, transports, new TurnCredentials(config.turn().urls(), config.turn().secret(),
                            config.turn().credentialLifetime(), Clock.systemUTC()), sessions.silenceTimeout());
            metrics.watchRooms(new RoomCensus(rooms, roomFactory)::take);
            boolean ownMetricsPort = config.metricsPort() >= 0;
            httpEndpoint = new HttpEndpoint(config.http(), httpLoops, signaling,
                    ownMetricsPort ? null : metrics, tokens, config.limits(), refusals,
                    List.of(new AdminApi(signaling, tokens), new WhipWhepApi(signaling, tokens)));
            if (httpEndpoint.isTls()) {
                metrics.watchHttps(httpEndpoint.tls()::handshakeFailures);
            }
            if (ownMetricsPort) {
                metricsEndpoint = HttpEndpoint.metricsOnly(config.http().host(), config.metricsPort(), httpLoops,
                        metrics);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (iceEndpoint != null) {
                iceEndpoint.close();
            }
            if (httpEndpoint != null) {
                httpEndpoint.close();
            }
            shutdownLoops();
            throw e;
        }
        ice = iceEndpoint;
        http = httpEndpoint;
        metricsHttp = metricsEndpoint;
        String scheme = http.isTls() ? "https" : "http";
        log.info("Parley is up on {} port {} (ICE on udp port {})", scheme, http.port(), ice.port());
        if (config.auth().devMode()) {
            String token = tokens.issue(Grant.everything("demo", tokens.now()));
            log.warn("MODE: DEV (parley.auth.dev-mode): a made-up secret, and anyone with this token may join any"
                    + " room and use the admin API for 24 h. Not for production: set PARLEY_DEV_MODE=false and"
                    + " PARLEY_AUTH_SECRET. Open {}://localhost:{}/?token={} in two browser tabs", scheme, http.port(),
                    token);
        } else {
            log.info("MODE: PRODUCTION: tokens are verified with the configured secret{}{}",
                    config.auth().issuer().isEmpty() ? "" : ", issuer " + config.auth().issuer(),
                    config.auth().audience().isEmpty() ? "" : ", audience " + config.auth().audience());
        }
    }

    /** Dev mode without a configured secret: tokens signed with it die with the process. */
    private static String randomSecret() {
        byte[] key = new byte[Tokens.MIN_SECRET_BYTES];
        new SecureRandom().nextBytes(key);
        return HexFormat.of().formatHex(key);
    }

    /** Issues and verifies this server's tokens (tests and tools mint theirs here). */
    public Tokens tokens() {
        return tokens;
    }

    public int httpPort() {
        return http.port();
    }

    public int icePort() {
        return ice.port();
    }

    /** Where /metrics is served. */
    public int metricsPort() {
        return metricsHttp != null ? metricsHttp.port() : http.port();
    }

    /**
     * Graceful shutdown: refuses new participants ({@code /readyz} turns 503), tells the connected
     * ones, and waits until they have left or the grace period is over. Then call {@link #close()}.
     */
    public void drain(Duration grace) throws InterruptedException {
        signaling.startDraining(grace);
        log.info("draining: {} participants have {} s to leave", signaling.participantCount(), grace.toSeconds());
        long deadline = System.nanoTime() + grace.toNanos();
        while (signaling.participantCount() > 0 && System.nanoTime() - deadline < 0) {
            Thread.sleep(DRAIN_POLL_MILLIS);
        }
    }

    public TransportStats transportStats() {
        return transportStats;
    }

    public SignalingContext signaling() {
        return signaling;
    }

    @Override
    public void close() {
        signaling.terminateAll("server shutting down");
        http.close();
        if (metricsHttp != null) {
            metricsHttp.close();
        }
        metrics.close();
        shutdownLoops();
        ice.close();
    }

    private void shutdownLoops() {
        for (EventLoopGroup g : List.of(httpLoops, roomLoops)) {
            g.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        handshakes.shutdownNow();
    }
}
