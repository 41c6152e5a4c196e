package io.parley.core.room;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.util.collection.LongObjectHashMap;
import io.parley.core.bwe.ArrivalRecorder;
import io.parley.core.bwe.BandwidthEstimator;
import io.parley.core.rtcp.Nack;
import io.parley.core.rtcp.NtpClock;
import io.parley.core.rtcp.Pli;
import io.parley.core.rtp.RtpPacket;

/**
 * One endpoint in a room with one transport: it publishes tracks and subscribes to others'.
 * Touched only on its room's event loop.
 */
public final class Participant {
    /** SRTCP index and auth tag (RFC 3711 §3.4, RFC 7714 §7.2) fit without regrowth. */
    private static final int SRTCP_TAILROOM = 20;
    private static final int MAX_NACKED_PER_MESSAGE = 64;
    /** Unknown round-trip time: NACKs for the same packet are repeated this often. */
    private static final long DEFAULT_NACK_RETRY_NANOS = 100_000_000L;
    private static final long MIN_NACK_RETRY_NANOS = 20_000_000L;

    private final String id;
    private final String name;
    private final Room room;
    private final MediaTransport transport;
    /** Our SSRC as the sender of RTCP feedback to this participant (RFC 4585 §6.1). */
    private final long rtcpSsrc;
    private final StreamLookup streams;
    private final Map<String, Subscription> subscriptionsByTrack = new LinkedHashMap<>();
    private final LongObjectHashMap<Subscription> subscriptionsBySsrc = new LongObjectHashMap<>();
    private ExtensionIds extensions = ExtensionIds.NONE;
    private final long joinedNanos;
    private boolean joined;
    /** CNAME of the streams this participant publishes, as announced in subscribers' SDP. */
    private final byte[] cname;
    /** Round-trip time to this participant from its reception reports (RFC 3550 §6.4.1), or -1. */
    private long rttNanos = -1;
    /** The receive bandwidth this participant's browser estimates (REMB), or -1. */
    private long estimatedBitrate = -1;
    /** The id of the transport-wide CC extension on the streams we send it, 0 when not negotiated. */
    private int transportCcId;
    private int transportSeq;
    private final BandwidthEstimator bandwidth = new BandwidthEstimator();
    /** Arrivals of what it publishes, for transport-wide CC feedback; null until it numbers them. */
    private ArrivalRecorder arrivals;
    /** Scratch for the sequence numbers of one NACK. */
    private final int[] nackScratch = new int[MAX_NACKED_PER_MESSAGE];
    private final ReportWriter reports;
    private final BandwidthAllocation allocation;
    private final Prober prober;

    Participant(String id, String name, Room room, MediaTransport transport, long rtcpSsrc, long nowNanos) {
        this.id = id;
        this.name = name;
        this.room = room;
        this.transport = transport;
        this.rtcpSsrc = rtcpSsrc;
        this.joinedNanos = nowNanos;
        this.cname = id.getBytes(StandardCharsets.US_ASCII);
        this.streams = new StreamLookup(room.settings().nack());
        this.reports = new ReportWriter(room, transport, rtcpSsrc);
        this.allocation = new BandwidthAllocation(id, room);
        this.prober = new Prober(id, room, bandwidth);
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
        for (Track t : streams.tracks()) {
            max = Math.max(max, t.loudness());
        }
        return max;
    }

    public Collection<Track> tracks() {
        return streams.tracks();
    }

    public Track trackByMid(String mid) {
        return streams.byMid(mid);
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

    /** The stream a packet belongs to, or null ({@link StreamLookup}). */
    IncomingStream streamOf(RtpPacket packet, long nowNanos) {
        return streams.find(packet, extensions, nowNanos);
    }

    void addTrack(Track track, long[] declaredSsrcs, long nowNanos) {
        streams.add(track, declaredSsrcs, nowNanos);
    }

    void removeTrack(Track track) {
        streams.remove(track);
    }

    IncomingStream streamBySsrc(long ssrc) {
        return streams.bySsrc(ssrc);
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
        if (subscriptionsBySsrc.containsKey(ssrc) || ssrc == rtcpSsrc) {
            return true;
        }
        for (Subscription s : subscriptionsByTrack.values()) {
            if (s.repair() != null && s.repair().ssrc() == ssrc) {
                return true;
            }
        }
        return false;
    }

    int transportCcId() {
        return transportCcId;
    }

    /** The transport-cc extension id this participant accepted for what it receives (0: none). */
    public void setTransportCcId(int id) {
        this.transportCcId = id;
    }

    int nextTransportSeq() {
        int seq = transportSeq;
        transportSeq = (transportSeq + 1) & 0xFFFF;
        return seq;
    }

    void sentTransportSeq(int seq, int bytes) {
        bandwidth.sent(seq, bytes, System.nanoTime());
    }

    void transportFeedback(int[] seqs, long[] arrivalMicros, int n, long nowNanos) {
        bandwidth.feedback(seqs, arrivalMicros, n, nowNanos);
    }

    /** What the server estimates this participant's downlink takes (bit/s), from its feedback. */
    public long sendEstimateBps() {
        return bandwidth.estimateBps();
    }

    /**
     * Shares the send estimate among what this participant receives ({@link BandwidthAllocation}),
     * and probes the link when that holds video back ({@link Prober}).
     */
    void allocate(long nowNanos) {
        if (transportCcId != 0) {
            long used = allocate(bandwidth.estimateBps(), nowNanos);
            prober.consider(subscriptionsByTrack.values(), used, allocation.videoHeldBack(), nowNanos);
        }
    }

    /** As above, for a link of {@code estimateBps} and without probing; returns what it sends, bit/s. */
    long allocate(long estimateBps, long nowNanos) {
        return allocation.share(subscriptionsByTrack.values(), estimateBps, nowNanos);
    }

    /** Sends the running probe's padding due since the last call; every room tick. */
    void sendProbePadding(long nowNanos) {
        Subscription carrier = prober.carrier();
        if (carrier != null) {
            prober.sendPadding(subscriptionsBySsrc.get(carrier.ssrc()) == carrier, nowNanos);
        }
    }

    /** A packet it published carried transport-wide sequence number {@code seq}. */
    void arrived(int seq, long ssrc, long arrivalNanos) {
        if (arrivals == null) {
            arrivals = new ArrivalRecorder();
        }
        arrivals.record(seq, ssrc, arrivalNanos);
    }

    /**
     * Tells the publisher when its packets arrived (transport-wide CC feedback), so that its
     * browser's send-side estimator sizes its uplink; each message alone in its SRTCP packet,
     * since it may end in padding.
     */
    void sendTransportFeedback() {
        while (arrivals != null && arrivals.hasPending()) {
            ByteBuf out = room.allocator().buffer(ArrivalRecorder.MAX_FEEDBACK_LENGTH + SRTCP_TAILROOM);
            if (arrivals.writeFeedback(out, rtcpSsrc) == 0) {
                out.release();
                return;
            }
            transport.sendRtcp(out);
        }
    }

    /** Round-trip time from this participant's reception reports, or -1 before the first. */
    public long rttNanos() {
        return rttNanos;
    }

    void setRttNanos(long rttNanos) {
        this.rttNanos = rttNanos;
    }

    /** The bandwidth its browser estimates for what it receives (REMB), in bit/s, or -1. */
    public long estimatedBitrate() {
        return estimatedBitrate;
    }

    void setEstimatedBitrate(long bitsPerSecond) {
        this.estimatedBitrate = bitsPerSecond;
    }

    /**
     * NACKs the packets of this publisher's streams that are missing and due for a (re)request,
     * once per round trip (RFC 4585 §6.2.1).
     */
    void sendNacks(long nowNanos) {
        long retry = rttNanos < 0 ? DEFAULT_NACK_RETRY_NANOS : Math.max(MIN_NACK_RETRY_NANOS, rttNanos + rttNanos / 2);
        for (IncomingStream stream : streams.streams()) {
            if (stream.losses == null || stream.losses.missingCount() == 0) {
                continue;
            }
            int n = stream.losses.collect(nackScratch, nowNanos, retry);
            if (n == 0) {
                continue;
            }
            ByteBuf out = room.allocator().buffer(Nack.HEADER_LENGTH + 4 * n + SRTCP_TAILROOM);
            Nack.write(out, rtcpSsrc, stream.ssrc, nackScratch, n);
            room.count(Counter.NACKED_TO_PUBLISHERS, n);
            transport.sendRtcp(out);
        }
    }

    /** Sends this participant the RTCP reports it is owed ({@link ReportWriter}). */
    void sendReports(long nowNanos, NtpClock clock) {
        reports.send(streams.streams(), subscriptionsByTrack.values(), nowNanos, clock);
    }

    /** The CNAME of what it publishes, as its subscribers' SDP announces it. */
    byte[] cname() {
        return cname;
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
