package io.parley.admin.signal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.AttributeKey;
import io.parley.admin.auth.AuthException;
import io.parley.admin.auth.Grant;
import io.parley.admin.auth.Tokens;
import io.parley.admin.metrics.Refusals;

/**
 * Turns one WebSocket connection's text frames into signalling messages for its session. Frames
 * that are not JSON objects close the socket with 1003 (RFC 6455 §7.4.1); oversized frames are
 * closed with 1009 by Netty's protocol handler before they get here.
 */
public final class SignalingHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    /** The grant of the token the WebSocket upgrade presented, set before the upgrade completes. */
    public static final AttributeKey<Grant> GRANT = AttributeKey.valueOf("parley.grant");

    private final SignalingContext context;
    private final Tokens tokens;
    private SignalingSession session;
    private MessageRate rate;

    public SignalingHandler(SignalingContext context, Tokens tokens) {
        this.context = context;
        this.tokens = tokens;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            Grant grant = ctx.channel().attr(GRANT).get();
            if (grant == null) {
                // Only an upgrade whose token was checked may become a session.
                ctx.close();
                return;
            }
            session = new SignalingSession(ctx.channel(), context, grant, tokens.now());
            rate = new MessageRate(context.admission().limits().messagesPerSecond(), System.nanoTime());
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (session == null) {
            return;
        }
        if (!session.isCurrentSocket(ctx.channel()) && !session.isFresh()) {
            // A socket a resume replaced: what still arrives on it ends nothing.
            if (frame instanceof CloseWebSocketFrame close) {
                ctx.writeAndFlush(close.retainedDuplicate()).addListener(ChannelFutureListener.CLOSE);
            }
            return;
        }
        if (frame instanceof CloseWebSocketFrame close) {
            // RFC 6455 §5.5.1: the client closed on purpose; answer with its status and end the
            // session at once. Only a socket that drops without one waits for a resume.
            session.terminate("socket closed");
            ctx.writeAndFlush(close.retainedDuplicate()).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (!(frame instanceof TextWebSocketFrame text)) {
            close(ctx, "only JSON text frames are accepted");
            return;
        }
        if (!rate.admit(System.nanoTime())) {
            context.admission().refusals().refused(Refusals.Limit.MESSAGE_RATE);
            if (rate.persistentlyOver()) {
                session.terminate("more than " + context.admission().limits().messagesPerSecond()
                        + " messages per second");
            } else {
                session.sendError("limit", "too many messages; at most "
                        + context.admission().limits().messagesPerSecond() + " per second");
            }
            return;
        }
        JsonNode message;
        try {
            message = context.messages().json().readTree(text.text());
        } catch (JsonProcessingException e) {
            close(ctx, "not JSON");
            return;
        }
        if (message == null || !message.isObject()) {
            close(ctx, "not a JSON object");
            return;
        }
        if ("refresh".equals(message.path("type").asText())) {
            refresh(message.path("token").asText(""));
            return;
        }
        if ("resume".equals(message.path("type").asText())) {
            resume(ctx, message);
            return;
        }
        session.onMessage(message);
    }

    private void refresh(String token) {
        try {
            session.refresh(tokens.verify(token), tokens.now());
        } catch (AuthException e) {
            session.sendError("unauthorized", e.getMessage());
        }
    }

    /**
     * A client back after its socket dropped: this socket takes over its session, which never
     * left the room. Only as a new socket's first message, and only for the same token subject.
     */
    private void resume(ChannelHandlerContext ctx, JsonNode message) {
        if (!session.isFresh()) {
            session.sendError("bad-request", "resume is a new connection's first message");
            return;
        }
        SignalingSession target = context.signalingSession(message.path("participantId").asText(""));
        String error = target == null ? "resume-failed" : target.resume(ctx.channel(), session.grant(),
                message.path("resumeToken").asText(""), message.path("lastSeq").asLong(-1));
        if (error == null) {
            session.discard();
            session = target;
        } else if (error.equals("forbidden")) {
            session.sendError("forbidden", "a session is resumed with a token for its own subject and room");
        } else {
            session.sendError("resume-failed", "nothing to resume (the session ended, or the token is not its);"
                    + " join again");
        }
    }

    private void close(ChannelHandlerContext ctx, String reason) {
        session.terminate("protocol error: " + reason);
        ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.INVALID_MESSAGE_TYPE, reason))
                .addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (session != null) {
            session.socketClosed(ctx.channel());
        }
        super.channelInactive(ctx);
    }
}
