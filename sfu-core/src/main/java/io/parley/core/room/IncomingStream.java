package io.parley.core.room;

import io.parley.core.repair.LossDetector;
import io.parley.core.rtcp.ReceptionStats;

/**
 * One RTP stream (SSRC) a publisher sends: which track it belongs to, what the server reports
 * about its reception, and the losses to NACK. Touched only on the room's loop.
 */
final class IncomingStream {
    final long ssrc;
    final Track track;
    /** Which of the track's layers it is (0 without simulcast). */
    final int layer;
    final ReceptionStats stats;
    /** Null when losses of this stream are not NACKed (audio, or NACK off). */
    final LossDetector losses;

    IncomingStream(long ssrc, Track track, int layer, boolean nack) {
        this.ssrc = ssrc;
        this.track = track;
        this.layer = layer;
        this.stats = new ReceptionStats(track.codec().clockRate());
        this.losses = nack && track.kind() == MediaKind.VIDEO ? new LossDetector() : null;
    }
}
