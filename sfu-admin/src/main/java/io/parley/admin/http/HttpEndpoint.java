package io.parley.admin.http;

import java.net.InetSocketAddress;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.parley.admin.signal.SignalingContext;
import io.parley.admin.signal.SignalingHandler;

/** The HTTP port: WebSocket signalling at {@code /rtc}, the demo client, health. */
public final class HttpEndpoint implements AutoCloseable {
    /** Largest HTTP body or WebSocket message accepted; an SDP offer of 100 m-lines fits easily. */
    static final int MAX_MESSAGE_BYTES = 64 * 1024;

    private final Channel channel;

    public HttpEndpoint(String host, int port, EventLoopGroup group, SignalingContext signaling)
            throws InterruptedException {
        StaticFiles files = new StaticFiles();
        HttpHandler http = new HttpHandler(files);
        WebSocketServerProtocolConfig ws = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/rtc")
                .maxFramePayloadLength(MAX_MESSAGE_BYTES)
                .checkStartsWith(false)
                .build();
        channel = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(
                                new HttpServerCodec(),
                                new HttpObjectAggregator(MAX_MESSAGE_BYTES),
                                new WebSocketServerProtocolHandler(ws),
                                // A client may fragment a large offer (RFC 6455 §5.4): reassemble it.
                                new WebSocketFrameAggregator(MAX_MESSAGE_BYTES),
                                http,
                                new SignalingHandler(signaling));
                    }
                })
                .bind(host, port).sync().channel();
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }
}
