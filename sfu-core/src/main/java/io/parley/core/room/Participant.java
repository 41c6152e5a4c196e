package io.parley.core.room;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.util.collection.LongObjectHashMap;
import io.parley.core.rtcp.Pli;
import io.parley.core.rtp.RtpPacket;

/**
 * One endpoint in a room with one transport: it publishes tracks and subscribes to others'.
 * Touched only on its room's event loop.
 */
public final class Participant {
    /** SRTCP index and auth tag (RFC 3711 §3.4, RFC 7714 §7.2) fit without regrowth. */
    private static final int SRTCP_TAILROOM = 20;

    private final String id;
    private final String name;
    private final Room room;
    private final MediaTransport transport;
    /** Our SSRC as the sender of RTCP feedback to this participant (RFC 4585 §6.1). */
    private final long rtcpSsrc;
    private final Map<String, Track> tracksByMid = new LinkedHashMap<>();
    private final LongObjectHashMap<Track> tracksBySsrc = new LongObjectHashMap<>();
    private final Map<String, Subscription> subscriptionsByTrack = new LinkedHashMap<>();
    private final LongObjectHashMap<Subscription> subscriptionsBySsrc = new LongObjectHashMap<>();
    private ExtensionIds extensions = ExtensionIds.NONE;
    private final long joinedNanos;
    private boolean joined;

    Participant(String id, String name, Room room, MediaTransport transport, long rtcpSsrc, long nowNanos) {
        this.id = id;
        this.name = name;
        this.room = room;
        this.transport = transport;
        this.rtcpSsrc = rtcpSsrc;
        this.joinedNanos = nowNanos;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public Room room() {
        return room;
    }

    MediaTransport transport() {
        return transport;
    }

    public boolean isJoined() {
        return joined;
    }

    void setJoined(boolean joined) {
        this.joined = joined;
    }

    /** Header extension ids of the packets this participant sends us. */
    public ExtensionIds extensions() {
        return extensions;
    }

    public void setExtensions(ExtensionIds extensions) {
        this.extensions = extensions;
    }

    /** The loudest of this participant's audio tracks. */
    double loudness() {
        double max = 0;
        for (Track t : tracksByMid.values()) {
            max = Math.max(max, t.loudness());
        }
        return max;
    }

    public Collection<Track> tracks() {
        return Collections.unmodifiableCollection(tracksByMid.values());
    }

    public Track trackByMid(String mid) {
        return tracksByMid.get(mid);
    }

    public Collection<Subscription> subscriptions() {
        return Collections.unmodifiableCollection(subscriptionsByTrack.values());
    }

    public Subscription subscriptionTo(String trackId) {
        return subscriptionsByTrack.get(trackId);
    }

    /** When the peer last showed life; joining counts, so a participant gets time to connect. */
    long lastActivityNanos() {
        return Math.max(joinedNanos, transport.lastActivityNanos());
    }

    /**
     * The track a packet belongs to: by SSRC once known (SSRCs the SDP declared are bound at
     * publish time), else by the mid header extension (RFC 8843 §15), which then binds the SSRC.
     */
    Track trackOf(RtpPacket packet, long nowNanos) {
        long ssrc = packet.ssrc();
        Track track = tracksBySsrc.get(ssrc);
        if (track != null || extensions.mid() == 0) {
            return track;
        }
        int at = packet.extensionOffset(extensions.mid());
        if (at < 0) {
            return null;
        }
        for (Track t : tracksByMid.values()) {
            if (midEquals(packet.buffer(), at, packet.extensionLength(extensions.mid()), t.mid())) {
                tracksBySsrc.put(ssrc, t);
                t.bindSsrc(ssrc, nowNanos);
                return t;
            }
        }
        return null;
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

    void addTrack(Track track, long[] declaredSsrcs, long nowNanos) {
        tracksByMid.put(track.mid(), track);
        for (long ssrc : declaredSsrcs) {
            tracksBySsrc.put(ssrc, track);
            track.bindSsrc(ssrc, nowNanos);
        }
    }

    void removeTrack(Track track) {
        tracksByMid.remove(track.mid());
        tracksBySsrc.values().removeIf(t -> t == track);
    }

    void addSubscription(Subscription s) {
        subscriptionsByTrack.put(s.track().id(), s);
        subscriptionsBySsrc.put(s.ssrc(), s);
    }

    void removeSubscription(Subscription s) {
        subscriptionsByTrack.remove(s.track().id());
        subscriptionsBySsrc.remove(s.ssrc());
    }

    Subscription subscriptionBySsrc(long ssrc) {
        return subscriptionsBySsrc.get(ssrc);
    }

    boolean usesSsrc(long ssrc) {
        return subscriptionsBySsrc.containsKey(ssrc) || ssrc == rtcpSsrc;
    }

    /** Sends this (publishing) participant a Picture Loss Indication for one of its streams. */
    void sendPli(long mediaSsrc) {
        ByteBuf out = room.allocator().buffer(Pli.LENGTH + SRTCP_TAILROOM);
        Pli.write(out, rtcpSsrc, mediaSsrc);
        transport.sendRtcp(out);
    }

    @Override
    public String toString() {
        return "Participant[" + id + " '" + name + "']";
    }
}
