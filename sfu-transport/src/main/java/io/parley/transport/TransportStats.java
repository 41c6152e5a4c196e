package io.parley.transport;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters shared by every transport of the server: traffic, drops by reason, handshake and ICE
 * failures. Updated from the ICE read thread and from every event loop, hence adders.
 */
public final class TransportStats {
    /** Why a datagram was not delivered or not sent. */
    public enum Drop {
        INBOX_FULL, NOT_CONNECTED, TRUNCATED, UNKNOWN_PROTOCOL, SRTP_UNPROTECT, SRTP_PROTECT, SEND_FAILED,
        /** Handling it threw (a bug): dropped, and the packets behind it are handled as usual. */
        HANDLER_FAILED
    }

    private final LongAdder[] drops = new LongAdder[Drop.values().length];
    private final LongAdder rtpIn = new LongAdder();
    private final LongAdder rtcpIn = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder rtpOut = new LongAdder();
    private final LongAdder rtcpOut = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder dtlsFailures = new LongAdder();
    private final LongAdder iceFailures = new LongAdder();
    private final LongAdder handshakesRefused = new LongAdder();
    private final LongAdder srtpContexts = new LongAdder();

    public TransportStats() {
        for (int i = 0; i < drops.length; i++) {
            drops[i] = new LongAdder();
        }
    }

    void handshakeRefused() {
        handshakesRefused.increment();
    }

    /** DTLS handshakes that found the handshake queue full, or waited in it past their timeout. */
    public long handshakesRefused() {
        return handshakesRefused.sum();
    }

    /** What every open transport's SRTP session adds its crypto contexts to. */
    LongAdder srtpContextCounter() {
        return srtpContexts;
    }

    /** SRTP and SRTCP crypto contexts of open transports, both directions: zero when no one is connected. */
    public long srtpContexts() {
        return srtpContexts.sum();
    }

    void drop(Drop reason) {
        drops[reason.ordinal()].increment();
    }

    void received(boolean rtcp, int bytes) {
        (rtcp ? rtcpIn : rtpIn).increment();
        bytesIn.add(bytes);
    }

    void sent(boolean rtcp, int bytes) {
        (rtcp ? rtcpOut : rtpOut).increment();
        bytesOut.add(bytes);
    }

    void dtlsFailure() {
        dtlsFailures.increment();
    }

    void iceFailure() {
        iceFailures.increment();
    }

    public long drops(Drop reason) {
        return drops[reason.ordinal()].sum();
    }

    public long rtpPacketsIn() {
        return rtpIn.sum();
    }

    public long rtcpPacketsIn() {
        return rtcpIn.sum();
    }

    public long bytesIn() {
        return bytesIn.sum();
    }

    public long rtpPacketsOut() {
        return rtpOut.sum();
    }

    public long rtcpPacketsOut() {
        return rtcpOut.sum();
    }

    public long bytesOut() {
        return bytesOut.sum();
    }

    public long dtlsFailures() {
        return dtlsFailures.sum();
    }

    public long iceFailures() {
        return iceFailures.sum();
    }
}
