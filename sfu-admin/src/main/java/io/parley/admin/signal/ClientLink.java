package io.parley.admin.signal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.concurrent.EventExecutor;

/**
 * The WebSocket a signalling session talks through, which the client may replace: when its
 * socket drops (a phone that changed networks) the session waits for it to come back on a new
 * one, and gets there everything it missed, numbered by {@link Outbox}. Messages come from the
 * socket's thread and the room's loop alike; one lock keeps their numbers in the order they are
 * written, and every write is queued on the socket's loop so that none overtakes another.
 */
final class ClientLink {
    /** What became of a message. */
    enum Sent { WRITTEN, KEPT, NOT_READ }

    private final EventExecutor timers;
    private final Outbox outbox;
    /** The socket now, or null while the client is away. Guarded by this. */
    private Channel channel;
    private ScheduledFuture<?> returnDeadline;
    /** The session ended (or gave up waiting for its client): no socket may take it over. Guarded by this. */
    private boolean closed;

    /** {@code keptChars}: what may be kept for a resume (see {@link Outbox}). */
    ClientLink(Channel channel, long keptChars) {
        this.channel = channel;
        this.timers = channel.eventLoop();
        this.outbox = new Outbox(keptChars);
    }

    /** Where the session's own timers run: the first socket's loop, which outlives the socket. */
    EventExecutor timers() {
        return timers;
    }

    /**
     * Numbers one encoded JSON object, keeps it for a resume, and writes it unless the client is
     * away or its socket is closing; {@link Sent#NOT_READ} when the client has left more unread
     * than the socket's high water mark ({@code parley.limits.websocket-send-buffer}).
     */
    synchronized Sent send(String json) {
        String text = outbox.add(json);
        Channel ch = channel;
        // A closing channel drops its outbound buffer before it reports itself inactive: not
        // writable then means the client hung up, not that it stopped reading (seen in the soak).
        // Netty's public API cannot tell the two apart, hence the look at the buffer itself.
        ChannelOutboundBuffer unsent = ch == null ? null : ch.unsafe().outboundBuffer();
        if (ch == null || !ch.isActive() || unsent == null) {
            return Sent.KEPT;
        }
        if (!unsent.isWritable()) {
            return Sent.NOT_READ;
        }
        ch.eventLoop().execute(() -> ch.writeAndFlush(new TextWebSocketFrame(text)));
        return Sent.WRITTEN;
    }

    /** Whether {@code ch} is the socket now, not one a resume replaced. */
    synchronized boolean isCurrent(Channel ch) {
        return channel == ch;
    }

    /** The session ended: closes the socket (after what is queued for it) with a normal closure. */
    synchronized void close(String reason) {
        closed = true;
        if (returnDeadline != null) {
            returnDeadline.cancel(false);
            returnDeadline = null;
        }
        Channel ch = channel;
        if (ch != null && ch.isActive()) {
            ch.eventLoop().execute(() -> ch.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE,
                    reason)).addListener(ChannelFutureListener.CLOSE));
        }
    }

    /** Closes the socket at once, for a client that does not read. */
    synchronized void abort() {
        if (channel != null) {
            channel.close();
        }
    }

    /**
     * {@code ch} closed. If it is the session's socket, the session waits {@code window} for the
     * client to come back, then {@code gone} runs; true then. False for a socket a resume already
     * replaced, which ends nothing.
     */
    synchronized boolean dropped(Channel ch, Duration window, Runnable gone) {
        if (channel != ch) {
            return false;
        }
        channel = null;
        returnDeadline = timers.schedule(() -> {
            synchronized (this) {
                if (channel != null || closed) {
                    return;
                }
                closed = true;
            }
            gone.run();
        }, window.toMillis(), TimeUnit.MILLISECONDS);
        return true;
    }

    /**
     * The client came back on {@code ch} having seen every message up to {@code lastSeq}: it gets
     * the ones after, then {@code resumedJson}, and an old socket still open (it may not know yet
     * that its network is gone) is closed. False, changing nothing, when what it missed is no
     * longer kept, or when the session ended meanwhile.
     */
    boolean replace(Channel ch, long lastSeq, String resumedJson) {
        Channel old;
        synchronized (this) {
            List<String> missed = closed ? null : outbox.after(lastSeq);
            if (missed == null) {
                return false;
            }
            old = channel;
            channel = ch;
            if (returnDeadline != null) {
                returnDeadline.cancel(false);
                returnDeadline = null;
            }
            String resumed = outbox.add(resumedJson);
            ch.eventLoop().execute(() -> {
                for (String text : missed) {
                    ch.write(new TextWebSocketFrame(text));
                }
                ch.writeAndFlush(new TextWebSocketFrame(resumed));
            });
        }
        if (old != null && old != ch) {
            old.close();
        }
        return true;
    }
}
