package io.parley.admin.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import javax.net.ssl.SSLException;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.EventExecutorGroup;
import io.parley.admin.config.ParleyConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS certificate and key of the main port, read from their PEM files and read again when
 * either changes, so that a renewed certificate is served to new connections without a restart.
 * A renewal that does not load (a half-written file, a key that does not match) leaves the last
 * good pair in place and is logged; it is tried again at the next change.
 */
public final class ServerTls implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);

    private final Path certificate;
    private final Path privateKey;
    private volatile SslContext context;
    /** When the files were last read; touched only by the checking task after construction. */
    private FileTime certificateTime;
    private FileTime keyTime;
    private String warnedAbout;
    private final ScheduledFuture<?> check;
    private final LongAdder handshakeFailures = new LongAdder();
    private final HandshakeFailures failureHandler = new HandshakeFailures();

    /** Loads the pair now (a bad pair is an error at startup) and checks for changes on {@code timers}. */
    public ServerTls(ParleyConfig.Tls config, EventExecutorGroup timers) throws IOException {
        this.certificate = config.certificate();
        this.privateKey = config.privateKey();
        certificateTime = Files.getLastModifiedTime(certificate);
        keyTime = Files.getLastModifiedTime(privateKey);
        context = load();
        long every = config.reloadCheck().toMillis();
        check = timers.next().scheduleWithFixedDelay(this::reloadIfChanged, every, every, TimeUnit.MILLISECONDS);
    }

    /** Adds TLS to a new connection, with the pair current now. */
    void addTo(ChannelPipeline pipeline, ByteBufAllocator allocator) {
        pipeline.addLast(context.newHandler(allocator), failureHandler);
    }

    /** Connections whose TLS handshake failed: plain HTTP on the HTTPS port, an untrusted certificate, scanners. */
    public long handshakeFailures() {
        return handshakeFailures.sum();
    }

    /**
     * Counts and closes a connection whose handshake failed, quietly: what a stranger sends to the
     * port is no server error.
     */
    @ChannelHandler.Sharable
    private final class HandshakeFailures extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            // A connection closed before TLS began (a health check, a refused one) is no failed handshake.
            if (event instanceof SslHandshakeCompletionEvent done && done.cause() instanceof SSLException) {
                handshakeFailures.increment();
                ctx.close();
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
            if (cause instanceof DecoderException && cause.getCause() instanceof SSLException) {
                ctx.close();
                return;
            }
            super.exceptionCaught(ctx, cause);
        }
    }

    void reloadIfChanged() {
        FileTime c;
        FileTime k;
        try {
            c = Files.getLastModifiedTime(certificate);
            k = Files.getLastModifiedTime(privateKey);
        } catch (IOException e) {
            warnOnce(null, null, "cannot be read: " + e);
            return;
        }
        if (c.equals(certificateTime) && k.equals(keyTime)) {
            return;
        }
        try {
            context = load();
        } catch (IOException | RuntimeException e) {
            // Tried again at every check: the write that completes a file may keep its time.
            warnOnce(c, k, "changed but does not load: " + e);
            return;
        }
        certificateTime = c;
        keyTime = k;
        warnedAbout = null;
        LOG.info("HTTPS certificate reloaded from {}", certificate);
    }

    /** One warning per state of the files, not one per check. */
    private void warnOnce(FileTime c, FileTime k, String what) {
        String state = c + "/" + k + " " + what;
        if (!state.equals(warnedAbout)) {
            warnedAbout = state;
            LOG.warn("HTTPS certificate {} or key {} {}; still serving the previous pair", certificate, privateKey, what);
        }
    }

    private SslContext load() throws SSLException {
        try {
            return SslContextBuilder.forServer(certificate.toFile(), privateKey.toFile()).build();
        } catch (IllegalArgumentException e) {
            throw new SSLException("cannot read the certificate " + certificate + " or key " + privateKey
                    + " (PEM, the key in PKCS#8): " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        check.cancel(false);
    }
}
