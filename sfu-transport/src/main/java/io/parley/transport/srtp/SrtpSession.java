package io.parley.transport.srtp;

import java.security.GeneralSecurityException;
import java.util.concurrent.atomic.LongAdder;

import io.netty.buffer.ByteBuf;
import io.netty.util.collection.LongObjectHashMap;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.utils.ByteArrayBuffer;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * Both directions of SRTP/SRTCP for one transport. Works in place on heap ByteBufs (their readable
 * region is the packet). Not thread-safe: one transport uses it from its event loop only.
 */
public final class SrtpSession {
    /**
     * Room protect appends: an auth tag of up to 16 bytes (RFC 7714 §7.2), and for SRTCP also the
     * 4-byte index (RFC 3711 §3.4). It is made writable before jitsi-srtp runs, because that hands
     * the backing array to native code: growing the buffer under it would move the array.
     */
    public static final int RTP_TRAILER = 16;
    public static final int RTCP_TRAILER = 20;

    /**
     * Streams a peer may send us. A context is kept only once a packet of its SSRC authenticated,
     * so forged SSRCs take no place and cannot lock the peer's real streams out.
     */
    static final int MAX_RECEIVE_CONTEXTS = 64;
    /**
     * Streams we send one peer: ours, and a media and a repair stream per track it receives, which
     * the signalling bounds (parley.limits.media-sections, at most 512); this only stops a bug from
     * growing without end.
     */
    static final int MAX_SEND_CONTEXTS = 1024;

    private final SrtpContextFactory sendFactory;
    private final SrtpContextFactory receiveFactory;
    private final LongObjectHashMap<SrtpCryptoContext> sendRtp = new LongObjectHashMap<>();
    private final LongObjectHashMap<SrtpCryptoContext> receiveRtp = new LongObjectHashMap<>();
    private final LongObjectHashMap<SrtcpCryptoContext> sendRtcp = new LongObjectHashMap<>();
    private final LongObjectHashMap<SrtcpCryptoContext> receiveRtcp = new LongObjectHashMap<>();
    private final BufView view = new BufView();
    private final LongAdder liveContexts;

    /**
     * RFC 5764 §4.2: each side sends with its own role's key and salt.
     *
     * @param liveContexts counts this session's crypto contexts while it is open (shared by every
     *                     session of a server, so a leak of contexts shows in one figure)
     */
    public SrtpSession(SrtpKeys keys, boolean weAreDtlsClient, LongAdder liveContexts) {
        this.liveContexts = liveContexts;
        LoggerImpl logger = new LoggerImpl(SrtpSession.class.getName());
        var policy = keys.profile().policy();
        byte[] ourKey = weAreDtlsClient ? keys.clientKey() : keys.serverKey();
        byte[] ourSalt = weAreDtlsClient ? keys.clientSalt() : keys.serverSalt();
        byte[] theirKey = weAreDtlsClient ? keys.serverKey() : keys.clientKey();
        byte[] theirSalt = weAreDtlsClient ? keys.serverSalt() : keys.clientSalt();
        sendFactory = new SrtpContextFactory(true, ourKey, ourSalt, policy, policy, logger);
        receiveFactory = new SrtpContextFactory(false, theirKey, theirSalt, policy, policy, logger);
    }

    public boolean protectRtp(ByteBuf packet) {
        if (packet.readableBytes() < 12) {
            return false;
        }
        if (!hasTailroom(packet, RTP_TRAILER)) {
            return false;
        }
        try {
            SrtpCryptoContext c = sendRtp.get(ssrcOf(packet, 8));
            if (c == null && sendRtp.size() < MAX_SEND_CONTEXTS) {
                c = sendFactory.deriveContext((int) ssrcOf(packet, 8), 0);
                sendRtp.put(ssrcOf(packet, 8), c);
                liveContexts.increment();
            }
            return c != null && ok(c.transformPacket(view.of(packet)));
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    public boolean unprotectRtp(ByteBuf packet) {
        if (packet.readableBytes() < 12) {
            return false;
        }
        try {
            long ssrc = ssrcOf(packet, 8);
            SrtpCryptoContext c = receiveRtp.get(ssrc);
            if (c != null) {
                return ok(c.reverseTransformPacket(view.of(packet), false));
            }
            if (receiveRtp.size() >= MAX_RECEIVE_CONTEXTS) {
                return false;
            }
            // RFC 3711 §3.3: state changes only after a packet authenticates. A stream's first packet
            // is no exception, so a forged SSRC leaves nothing behind.
            c = receiveFactory.deriveContext((int) ssrc, 0);
            if (!ok(c.reverseTransformPacket(view.of(packet), false))) {
                return false;
            }
            receiveRtp.put(ssrc, c);
            liveContexts.increment();
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    public boolean protectRtcp(ByteBuf packet) {
        if (packet.readableBytes() < 8) {
            return false;
        }
        if (!hasTailroom(packet, RTCP_TRAILER)) {
            return false;
        }
        try {
            SrtcpCryptoContext c = sendRtcp.get(ssrcOf(packet, 4));
            if (c == null && sendRtcp.size() < MAX_SEND_CONTEXTS) {
                c = sendFactory.deriveControlContext((int) ssrcOf(packet, 4));
                sendRtcp.put(ssrcOf(packet, 4), c);
                liveContexts.increment();
            }
            return c != null && ok(c.transformPacket(view.of(packet)));
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    public boolean unprotectRtcp(ByteBuf packet) {
        if (packet.readableBytes() < 8) {
            return false;
        }
        try {
            long ssrc = ssrcOf(packet, 4);
            SrtcpCryptoContext c = receiveRtcp.get(ssrc);
            if (c != null) {
                return ok(c.reverseTransformPacket(view.of(packet)));
            }
            if (receiveRtcp.size() >= MAX_RECEIVE_CONTEXTS) {
                return false;
            }
            c = receiveFactory.deriveControlContext((int) ssrc);
            if (!ok(c.reverseTransformPacket(view.of(packet)))) {
                return false;
            }
            receiveRtcp.put(ssrc, c);
            liveContexts.increment();
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    public void close() {
        liveContexts.add(-(sendRtp.size() + receiveRtp.size() + sendRtcp.size() + receiveRtcp.size()));
        sendFactory.close();
        receiveFactory.close();
        sendRtp.clear();
        receiveRtp.clear();
        sendRtcp.clear();
        receiveRtcp.clear();
    }

    /** Grows the buffer if needed (and possible); 0 and 2 are ensureWritable's success codes. */
    private static boolean hasTailroom(ByteBuf packet, int bytes) {
        int result = packet.ensureWritable(bytes, true);
        return result == 0 || result == 2;
    }

    private static boolean ok(SrtpErrorStatus status) {
        return status == SrtpErrorStatus.OK;
    }

    private static long ssrcOf(ByteBuf packet, int at) {
        return packet.getUnsignedInt(packet.readerIndex() + at);
    }

    /**
     * jitsi-srtp's buffer interface over a heap ByteBuf's backing array; one instance re-aimed at
     * each packet, so no allocation per packet.
     */
    private static final class BufView implements ByteArrayBuffer {
        private ByteBuf buf;

        BufView of(ByteBuf packet) {
            if (!packet.hasArray()) {
                throw new IllegalArgumentException("SRTP needs heap buffers");
            }
            buf = packet;
            return this;
        }

        @Override
        public byte[] getBuffer() {
            return buf.array();
        }

        @Override
        public int getOffset() {
            return buf.arrayOffset() + buf.readerIndex();
        }

        @Override
        public int getLength() {
            return buf.readableBytes();
        }

        @Override
        public void setLength(int length) {
            buf.writerIndex(buf.readerIndex() + length);
        }

        @Override
        public void setOffset(int offset) {
            buf.readerIndex(offset - buf.arrayOffset());
        }

        @Override
        public boolean isInvalid() {
            return false;
        }

        @Override
        public void readRegionToBuff(int off, int len, byte[] out) {
            buf.getBytes(buf.readerIndex() + off, out, 0, len);
        }

        /** The room was made before the transform (see RTP_TRAILER), so the array never moves here. */
        @Override
        public void grow(int howMuch) {
            if (buf.writableBytes() < howMuch) {
                throw new IllegalStateException("SRTP needs " + howMuch + " bytes of tailroom");
            }
        }

        @Override
        public void append(byte[] data, int len) {
            buf.writeBytes(data, 0, len);
        }

        @Override
        public void shrink(int len) {
            buf.writerIndex(buf.writerIndex() - len);
        }
    }
}
