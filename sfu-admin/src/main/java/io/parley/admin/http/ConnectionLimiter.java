package io.parley.admin.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.parley.admin.metrics.Refusals;

/**
 * Bounds open connections, in all and per client address ({@code parley.limits.connections},
 * {@code connections-per-address}). A connection over a bound is answered 503 and closed before
 * any HTTP parsing; it sits first in the pipeline, so its answer is raw bytes.
 */
@ChannelHandler.Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
    private static final byte[] BUSY = ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
            + "Connection: close\r\nContent-Length: 25\r\n\r\ntoo many open connections").getBytes(StandardCharsets.US_ASCII);

    private final int total;
    private final int perAddress;
    private final Refusals refusals;
    private final Map<InetAddress, Integer> byAddress = new HashMap<>();
    private int open;

    ConnectionLimiter(int total, int perAddress, Refusals refusals) {
        this.total = total;
        this.perAddress = perAddress;
        this.refusals = refusals;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        InetAddress address = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
        Refusals.Limit refused = admit(address);
        if (refused != null) {
            refusals.refused(refused);
            ctx.writeAndFlush(Unpooled.wrappedBuffer(BUSY)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.channel().closeFuture().addListener(f -> release(address));
        super.channelActive(ctx);
    }

    private synchronized Refusals.Limit admit(InetAddress address) {
        if (open >= total) {
            return Refusals.Limit.CONNECTIONS;
        }
        int fromThere = byAddress.getOrDefault(address, 0);
        if (fromThere >= perAddress) {
            return Refusals.Limit.CONNECTIONS_PER_ADDRESS;
        }
        open++;
        byAddress.put(address, fromThere + 1);
        return null;
    }

    private synchronized void release(InetAddress address) {
        open--;
        byAddress.computeIfPresent(address, (a, n) -> n > 1 ? n - 1 : null);
    }
}
