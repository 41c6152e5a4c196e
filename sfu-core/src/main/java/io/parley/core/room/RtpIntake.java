package io.parley.core.room;

import io.netty.buffer.ByteBuf;
import io.parley.core.rtp.RtpPacket;

/**
 * The first stage of a publisher's decrypted RTP in a room: reads the header once into a view,
 * feeds the publisher's bandwidth estimator and loss detection, finds the stream the packet
 * belongs to and hands it to that stream's track for forwarding. One per room, on its loop: the
 * packet view is reused, so nothing is allocated per packet.
 */
final class RtpIntake {
    private final RtpPacket rtp = new RtpPacket();
    private final MediaCounters counters;
    private final RoomMetrics metrics;
    private long forwardedPackets;

    RtpIntake(MediaCounters counters, RoomMetrics metrics) {
        this.counters = counters;
        this.metrics = metrics;
    }

    /** Packets that reached the forwarding stage. */
    long forwardedPackets() {
        return forwardedPackets;
    }

    /**
     * Takes one packet of {@code from}'s whose datagram arrived at {@code arrivalNanos}; false if
     * it was dropped (counted) before forwarding. The caller keeps ownership of the buffer.
     */
    boolean receive(Participant from, ByteBuf packet, long arrivalNanos, long nowNanos) {
        if (!rtp.wrap(packet)) {
            counters.drop(DropReason.MALFORMED_RTP);
            return false;
        }
        int transportCc = from.extensions().transportCc();
        if (transportCc > 0) {
            // Before the stream lookup: padding-only probes on unknown streams count for the
            // publisher's estimator too.
            int at = rtp.extensionOffset(transportCc);
            if (at >= 0 && rtp.extensionLength(transportCc) >= 2) {
                from.arrived(rtp.buffer().getUnsignedShort(at), rtp.ssrc(), arrivalNanos);
            }
        }
        IncomingStream stream = from.streamOf(rtp, nowNanos);
        if (stream == null) {
            counters.drop(DropReason.UNKNOWN_SSRC);
            return false;
        }
        stream.stats.received(rtp.sequenceNumber(), rtp.timestamp(), nowNanos);
        if (stream.losses != null && !stream.losses.received(rtp.sequenceNumber(), nowNanos)) {
            counters.count(Counter.LOSS_KEYFRAME_REQUESTS, 1);
            stream.track.requestKeyframe(stream.layer, nowNanos);
        }
        forwardedPackets++;
        counters.received(stream.track.kind(), rtp.length());
        stream.track.forward(rtp, stream.layer, nowNanos);
        if (stream.track.hasSubscribers()) {
            metrics.forwarded(System.nanoTime() - arrivalNanos);
        }
        return true;
    }
}
