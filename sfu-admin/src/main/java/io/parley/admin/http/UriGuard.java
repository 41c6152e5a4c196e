package io.parley.admin.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;

/**
 * Answers 400 to a request whose target does not decode (a '%' without two hex digits, RFC 3986
 * §2.1), before any handler parses it: each one reads the path, and the decoder threw, which left
 * the request unanswered and its buffer unreleased.
 */
@ChannelHandler.Sharable
public final class UriGuard extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest request) {
            try {
                QueryStringDecoder decoded = new QueryStringDecoder(request.uri());
                decoded.path();
                decoded.parameters();
            } catch (IllegalArgumentException e) {
                ReferenceCountUtil.release(msg);
                Requests.error(ctx, false, HttpResponseStatus.BAD_REQUEST, "bad-request", "malformed request target");
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }
}
