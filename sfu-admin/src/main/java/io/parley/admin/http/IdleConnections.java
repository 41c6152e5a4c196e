package io.parley.admin.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.timeout.IdleStateEvent;
import io.parley.admin.metrics.Refusals;
import io.parley.admin.signal.SignalingHandler;

/**
 * Closes a connection that sent nothing for {@code parley.limits.idle-timeout}. The idle handler
 * before it reports every third of that; a signalling WebSocket is pinged each time, so a live
 * client always has something to answer (RFC 6455 §5.5.2: a pong is due for every ping, and
 * browsers send it by themselves), and only a dead or stuck one stays silent for the whole time.
 */
final class IdleConnections extends ChannelInboundHandlerAdapter {
    /** Quiet thirds of the idle timeout in a row that close the connection. */
    static final int QUIET_PERIODS = 3;

    private final Refusals refusals;
    private int quietPeriods;

    IdleConnections(Refusals refusals) {
        this.refusals = refusals;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (!(event instanceof IdleStateEvent idle)) {
            super.userEventTriggered(ctx, event);
            return;
        }
        quietPeriods = idle.isFirst() ? 1 : quietPeriods + 1;
        if (quietPeriods >= QUIET_PERIODS) {
            refusals.refused(Refusals.Limit.IDLE_CONNECTION);
            ctx.close();
        } else if (ctx.channel().hasAttr(SignalingHandler.GRANT)) {
            // From the tail: the WebSocket encoder sits after this handler.
            ctx.channel().writeAndFlush(new PingWebSocketFrame());
        }
    }
}
