package io.parley.admin.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.parley.admin.auth.Tokens;
import io.parley.admin.config.ParleyConfig;
import io.parley.admin.metrics.Refusals;
import io.parley.admin.metrics.ServerMetrics;
import io.parley.admin.signal.SignalingContext;
import io.parley.admin.signal.SignalingHandler;

/** An HTTP port: the main one (WebSocket signalling at {@code /rtc}, demo client, health) or metrics only. */
public final class HttpEndpoint implements AutoCloseable {
    /** The metrics port serves GETs only: a request of more than this is not a scrape. */
    private static final int MAX_METRICS_REQUEST_BYTES = 8 * 1024;
    /** Unwritten output on the metrics port past which its channel says it is not writable. */
    private static final int METRICS_SEND_BUFFER_BYTES = 64 * 1024;
    static final String SIGNALING_PATH = "/rtc";

    private final Channel channel;
    /** HTTPS on this port, or null. */
    private final ServerTls tls;

    /**
     * The main port: plain HTTP, or HTTPS when {@code http} has TLS files.
     *
     * @param metrics served at /metrics here, or null when they have a port of their own
     * @param apis    sharable handlers that answer their own paths (the admin API, WHIP and WHEP),
     *                asked in order before the WebSocket upgrade; others pass a request on
     */
    public HttpEndpoint(ParleyConfig.Http config, EventLoopGroup group, SignalingContext signaling,
                        ServerMetrics metrics, Tokens tokens, ParleyConfig.Limits limits, Refusals refusals,
                        List<ChannelHandler> apis) throws InterruptedException, IOException {
        ServerTls serverTls = config.tls() == null ? null : new ServerTls(config.tls(), group);
        this.tls = serverTls;
        HttpHandler http = new HttpHandler(new StaticFiles(), metrics, () -> !signaling.isDraining());
        UpgradeAuthenticator auth = new UpgradeAuthenticator(tokens);
        WebSocketServerProtocolConfig ws = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(SIGNALING_PATH)
                .maxFramePayloadLength(limits.messageBytes())
                // "/rtc?token=..." is the same endpoint: a browser WebSocket cannot send headers.
                .checkStartsWith(true)
                // A close frame is a client that hung up, unlike a socket that just drops (which
                // may resume): the signalling handler needs to see it.
                .handleCloseFrames(false)
                .build();
        UriGuard uris = new UriGuard();
        ConnectionLimiter connections = new ConnectionLimiter(limits.connections(), limits.connectionsPerAddress(),
                refusals);
        long quietNanos = limits.idleTimeout().toNanos() / IdleConnections.QUIET_PERIODS;
        ChannelHandler[] routes = apis.toArray(new ChannelHandler[0]);
        Pipeline pipeline = ch -> {
            ch.pipeline().addLast(connections);
            if (serverTls != null) {
                // After the connection limit, so that a flood of handshakes is refused before it costs.
                serverTls.addTo(ch.pipeline(), ch.alloc());
            }
            ch.pipeline().addLast(
                    new IdleStateHandler(quietNanos, 0, 0, TimeUnit.NANOSECONDS),
                    new IdleConnections(refusals),
                    new HttpServerCodec(),
                    new HttpObjectAggregator(limits.messageBytes()),
                    uris);
            ch.pipeline().addLast(routes);
            ch.pipeline().addLast(
                    auth,
                    new WebSocketServerProtocolHandler(ws),
                    // A client may fragment a large offer (RFC 6455 §5.4): reassemble it.
                    new WebSocketFrameAggregator(limits.messageBytes()),
                    http,
                    new SignalingHandler(signaling, tokens));
        };
        try {
            channel = bind(config.host(), config.port(), group, limits.websocketSendBufferBytes(), pipeline);
        } catch (InterruptedException | RuntimeException e) {
            if (serverTls != null) {
                serverTls.close();
            }
            throw e;
        }
    }

    private HttpEndpoint(Channel channel) {
        this.channel = channel;
        this.tls = null;
    }

    /** Whether this port speaks HTTPS. */
    public boolean isTls() {
        return tls != null;
    }

    /** Its HTTPS side, or null for plain HTTP. */
    public ServerTls tls() {
        return tls;
    }

    /** A port serving only /metrics (and /healthz), e.g. reachable by Prometheus alone. */
    public static HttpEndpoint metricsOnly(String host, int port, EventLoopGroup group, ServerMetrics metrics)
            throws InterruptedException {
        ChannelHandler http = new HttpHandler(null, metrics, () -> true);
        return new HttpEndpoint(bind(host, port, group, METRICS_SEND_BUFFER_BYTES, ch -> ch.pipeline().addLast(
                new HttpServerCodec(), new HttpObjectAggregator(MAX_METRICS_REQUEST_BYTES), new UriGuard(), http)));
    }

    private interface Pipeline {
        void init(SocketChannel ch);
    }

    /** {@code sendBufferBytes}: unwritten output beyond which a channel reports itself not writable. */
    private static Channel bind(String host, int port, EventLoopGroup group, int sendBufferBytes, Pipeline pipeline)
            throws InterruptedException {
        return new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(sendBufferBytes / 2, sendBufferBytes))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        pipeline.init(ch);
                    }
                })
                .bind(host, port).sync().channel();
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        if (tls != null) {
            tls.close();
        }
        channel.close().syncUninterruptibly();
    }
}
