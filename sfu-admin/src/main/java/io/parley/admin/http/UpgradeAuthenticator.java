package io.parley.admin.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import io.parley.admin.auth.AuthException;
import io.parley.admin.auth.Grant;
import io.parley.admin.auth.Tokens;
import io.parley.admin.signal.SignalingHandler;

/**
 * Checks the token of a WebSocket upgrade to {@code /rtc} before the upgrade happens: an invalid
 * or expired one is answered 401 and the connection closed, so nothing is created for it. A valid
 * one's grant rides on the channel to the signalling session, which checks the room at join.
 */
@ChannelHandler.Sharable
final class UpgradeAuthenticator extends ChannelInboundHandlerAdapter {
    private final Tokens tokens;

    UpgradeAuthenticator(Tokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        if (path.startsWith(HttpEndpoint.SIGNALING_PATH + "/")) {
            // Netty's WebSocket handler takes "/rtc/anything" for "/rtc" too (it matches a
            // prefix so that "/rtc?token=" works): nothing is served below /rtc.
            Requests.error(ctx, false, HttpResponseStatus.NOT_FOUND, "not-found", "no such endpoint: " + path);
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!path.equals(HttpEndpoint.SIGNALING_PATH)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            Grant grant = tokens.verify(Requests.bearerToken(request, true));
            ctx.channel().attr(SignalingHandler.GRANT).set(grant);
        } catch (AuthException e) {
            Requests.error(ctx, false, HttpResponseStatus.valueOf(e.status()), e.code(), e.getMessage());
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
