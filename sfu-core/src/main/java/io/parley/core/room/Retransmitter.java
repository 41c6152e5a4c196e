package io.parley.core.room;

import io.netty.buffer.ByteBuf;
import io.parley.core.rtp.RtpPacket;

/**
 * Answers one subscriber's NACKs for one track (RFC 4585 §6.2.1) from what its subscription
 * sent, which it records ({@link SendHistory}): on the RTX stream when one was negotiated, else
 * as the original packet again with the numbers it first went out with (RFC 4588 §3 allows both).
 */
final class Retransmitter {
    /** Unknown round-trip time: the same packet is resent at most this often. */
    private static final long DEFAULT_RESEND_GAP_NANOS = 50_000_000L;

    private final Track track;
    private final SendHistory history;
    private final CopyWriter writer;
    private final boolean onRepairStream;

    /** {@code capacity}: the track's packet cache size, a power of two. */
    Retransmitter(Track track, int capacity, CopyWriter writer, boolean onRepairStream) {
        this.track = track;
        this.history = new SendHistory(capacity);
        this.writer = writer;
        this.onRepairStream = onRepairStream;
    }

    /** A packet went out for the first time under {@code seq}; see {@link SendHistory#sent}. */
    void sent(int seq, int sourceSeq, long timestamp, int layer) {
        history.sent(seq, sourceSeq, timestamp, layer);
    }

    /** The picture numbering offsets packet {@code seq} went out with (VP8/VP9). */
    void pictureDeltas(int seq, int deltas) {
        history.pictureDeltas(seq, deltas);
    }

    /**
     * Resends packet {@code seq} of the subscriber's numbering if it is still cached, of the
     * layer forwarded now, and within the resend limits. {@code view} is a scratch packet to wrap
     * the cached bytes in.
     */
    Counter retransmit(int seq, int currentLayer, long rttNanos, RtpPacket view, long nowNanos) {
        int slot = history.find(seq);
        if (slot < 0) {
            return Counter.RETRANSMISSION_MISSED;
        }
        if (!history.mayResend(slot, nowNanos, rttNanos > 0 ? rttNanos : DEFAULT_RESEND_GAP_NANOS)) {
            return Counter.RETRANSMISSION_LIMITED;
        }
        int layer = history.layer(slot);
        if (layer != currentLayer) {
            // Sent before a layer switch: the decoder restarted at the new layer's keyframe.
            return Counter.RETRANSMISSION_MISSED;
        }
        ByteBuf cached = track.cache(layer).get(track.layerSsrc(layer), history.sourceSeq(slot), nowNanos);
        if (cached == null || !view.wrap(cached)) {
            return Counter.RETRANSMISSION_MISSED;
        }
        history.resent(slot, nowNanos);
        writer.resend(view, seq, history.timestamp(slot), onRepairStream, history.pictureDeltas(slot));
        return Counter.RETRANSMITTED;
    }
}
