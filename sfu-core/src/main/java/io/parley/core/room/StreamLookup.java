package io.parley.core.room;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.util.collection.LongObjectHashMap;
import io.parley.core.rtp.RtpPacket;

/**
 * Which of one publisher's tracks, and which layer of it, an incoming packet belongs to: by SSRC
 * once known (SSRCs the SDP declared are bound at publish time), else by the mid header extension
 * (RFC 8843 §15) and the rid (RFC 8852 §3.1), which then bind the SSRC.
 */
final class StreamLookup {
    private final Map<String, Track> tracksByMid = new LinkedHashMap<>();
    private final LongObjectHashMap<IncomingStream> streamsBySsrc = new LongObjectHashMap<>();
    /** Whether new streams watch for losses to NACK. */
    private final boolean nack;

    StreamLookup(boolean nack) {
        this.nack = nack;
    }

    /** The stream {@code packet} belongs to, or null; {@code extensions}: the publisher's ids. */
    IncomingStream find(RtpPacket packet, ExtensionIds extensions, long nowNanos) {
        long ssrc = packet.ssrc();
        IncomingStream stream = streamsBySsrc.get(ssrc);
        if (stream != null || extensions.mid() == 0) {
            return stream;
        }
        int at = packet.extensionOffset(extensions.mid());
        if (at < 0) {
            return null;
        }
        int length = packet.extensionLength(extensions.mid());
        for (Track t : tracksByMid.values()) {
            if (midEquals(packet.buffer(), at, length, t.mid())) {
                // Packets without a rid are layer 0.
                String rid = extensions.rid() > 0 ? packet.extensionAsString(extensions.rid()) : null;
                return bind(ssrc, t, t.layerOfRid(rid), nowNanos);
            }
        }
        return null;
    }

    /** Declared SSRCs are the track's layers in order, lowest first (RFC 5576 §4.2 SIM groups). */
    void add(Track track, long[] declaredSsrcs, long nowNanos) {
        tracksByMid.put(track.mid(), track);
        for (int i = 0; i < declaredSsrcs.length; i++) {
            bind(declaredSsrcs[i], track, Math.min(i, track.layerCount() - 1), nowNanos);
        }
    }

    void remove(Track track) {
        tracksByMid.remove(track.mid());
        streamsBySsrc.values().removeIf(s -> s.track == track);
    }

    IncomingStream bySsrc(long ssrc) {
        return streamsBySsrc.get(ssrc);
    }

    Track byMid(String mid) {
        return tracksByMid.get(mid);
    }

    Collection<Track> tracks() {
        return Collections.unmodifiableCollection(tracksByMid.values());
    }

    Collection<IncomingStream> streams() {
        return streamsBySsrc.values();
    }

    private IncomingStream bind(long ssrc, Track track, int layer, long nowNanos) {
        IncomingStream stream = new IncomingStream(ssrc, track, layer, nack);
        streamsBySsrc.put(ssrc, stream);
        track.bindSsrc(ssrc, layer, nowNanos);
        return stream;
    }

    private static boolean midEquals(ByteBuf buf, int at, int len, String mid) {
        if (len != mid.length()) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (buf.getByte(at + i) != (byte) mid.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
