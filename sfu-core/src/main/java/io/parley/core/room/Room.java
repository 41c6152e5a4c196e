package io.parley.core.room;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import io.parley.core.rtcp.NtpClock;
import io.parley.core.rtcp.RtcpDropReason;

/**
 * A call: its participants, their tracks, and who receives what. A room lives on one event loop;
 * every method must be called there (hand work over with {@link #execute(Runnable)}), which is
 * what lets the packet path run without locks.
 */
public final class Room {
    private final String name;
    private final EventExecutor loop;
    private final ByteBufAllocator allocator;
    private final RoomListener listener;
    private final Map<String, Participant> participants = new LinkedHashMap<>();
    private final MediaSettings settings;
    private final RtcpTermination rtcpTermination;
    private final MediaCounters counters;
    private final RoomMetrics metrics;
    private final RtpIntake intake;
    private final TimedWork timedWork;
    private final DominantSpeaker dominantSpeaker = new DominantSpeaker();
    /** How often {@link #tick} should run: the resolution of NACK timing. */
    public static final long TICK_NANOS = 20_000_000L;

    public Room(String name, EventExecutor loop, ByteBufAllocator allocator, MediaSettings settings,
                RoomListener listener) {
        this(name, loop, allocator, settings, listener, new MediaCounters(), RoomMetrics.NONE);
    }

    /**
     * @param counters where this room counts; shared by the rooms of one loop (see
     *                 {@link MediaCounters}), so the room's getters then report the loop's totals
     */
    public Room(String name, EventExecutor loop, ByteBufAllocator allocator, MediaSettings settings,
                RoomListener listener, MediaCounters counters, RoomMetrics metrics) {
        this.name = name;
        this.counters = counters;
        this.metrics = metrics;
        this.loop = loop;
        this.allocator = allocator;
        this.settings = settings;
        this.listener = listener;
        long now = System.nanoTime();
        NtpClock clock = new NtpClock(System.currentTimeMillis(), now);
        this.rtcpTermination = new RtcpTermination(counters, settings, clock);
        this.intake = new RtpIntake(counters, metrics);
        this.timedWork = new TimedWork(settings.nack(), clock, counters, now);
    }

    public String name() {
        return name;
    }

    public EventExecutor loop() {
        return loop;
    }

    public ByteBufAllocator allocator() {
        return allocator;
    }

    public void execute(Runnable task) {
        loop.execute(task);
    }

    public Collection<Participant> participants() {
        return Collections.unmodifiableCollection(participants.values());
    }

    public Participant participant(String id) {
        return participants.get(id);
    }

    public MediaSettings settings() {
        return settings;
    }

    public MediaCounters counters() {
        return counters;
    }

    public long drops(DropReason reason) {
        return counters.drops(reason);
    }

    public long rtcpDrops(RtcpDropReason reason) {
        return counters.rtcpDrops(reason);
    }

    public long counted(Counter counter) {
        return counters.counted(counter);
    }

    void count(Counter counter, long n) {
        counters.count(counter, n);
    }

    void count(Counter counter) {
        counters.count(counter, 1);
    }

    void countOut(MediaKind kind, int bytes) {
        counters.sent(kind, bytes);
    }

    /** Packets received from publishers that went out to at least the forwarding stage. */
    public long forwardedPackets() {
        return intake.forwardedPackets();
    }

    /** Adds a participant; the others hear of it. */
    public Participant join(String id, String displayName, MediaTransport transport) {
        assert loop.inEventLoop();
        if (participants.containsKey(id)) {
            throw new IllegalStateException("participant id in use: " + id);
        }
        Participant p = new Participant(id, displayName, this, transport, newSsrc(), System.nanoTime());
        participants.put(id, p);
        p.setJoined(true);
        listener.participantJoined(this, p);
        return p;
    }

    /** Removes a participant with its tracks and subscriptions; the others hear of it. */
    public void leave(Participant p, String reason) {
        assert loop.inEventLoop();
        if (participants.remove(p.id()) == null) {
            return;
        }
        p.setJoined(false);
        dominantSpeaker.left(p);
        for (Subscription s : new ArrayList<>(p.subscriptions())) {
            unsubscribe(s);
        }
        for (Track t : new ArrayList<>(p.tracks())) {
            unpublish(t);
        }
        listener.participantLeft(this, p, reason);
    }

    public boolean isEmpty() {
        return participants.isEmpty();
    }

    /**
     * Publishes what a participant sends on one m-line. SSRCs its SDP declared (a=ssrc) are bound
     * at once; otherwise the first packet carrying this mid binds its SSRC.
     */
    public Track publish(Participant publisher, String mid, MediaKind kind, RtpCodec codec, long[] declaredSsrcs) {
        return publish(publisher, mid, kind, codec, declaredSsrcs, List.of());
    }

    /**
     * As above, for a simulcast publisher: its layers are the declared SSRCs (an SSRC group) or
     * the rids (RFC 8853), lowest resolution first.
     */
    public Track publish(Participant publisher, String mid, MediaKind kind, RtpCodec codec, long[] declaredSsrcs,
                         List<String> rids) {
        assert loop.inEventLoop();
        int layers = Math.max(1, Math.max(rids.size(), declaredSsrcs.length));
        Track t = new Track(publisher.id() + "-" + mid, kind, publisher, mid, codec, settings, layers, rids);
        publisher.addTrack(t, declaredSsrcs, System.nanoTime());
        listener.trackPublished(this, t);
        return t;
    }

    public void unpublish(Track track) {
        assert loop.inEventLoop();
        for (Subscription s : new ArrayList<>(track.subscriptions())) {
            unsubscribe(s);
        }
        track.publisher().removeTrack(track);
        track.close();
        listener.trackUnpublished(this, track);
    }

    /**
     * The publisher mutes or unmutes its own track for everyone; the others hear of it. Returns
     * false, changing nothing, for an unmute of a track an operator muted.
     */
    public boolean setMuted(Track track, boolean muted) {
        assert loop.inEventLoop();
        if (!muted && track.isMutedByOperator()) {
            return false;
        }
        applyMute(track, muted);
        return true;
    }

    /** An operator mutes or unmutes a track; only an operator can undo the mute. */
    public void setMutedByOperator(Track track, boolean muted) {
        assert loop.inEventLoop();
        track.setMutedByOperator(muted);
        applyMute(track, muted);
    }

    private void applyMute(Track track, boolean muted) {
        if (track.isMuted() != muted) {
            track.setMuted(muted, System.nanoTime());
            listener.trackMuted(this, track);
        }
    }

    public Track track(String trackId) {
        for (Participant p : participants.values()) {
            for (Track t : p.tracks()) {
                if (t.id().equals(trackId)) {
                    return t;
                }
            }
        }
        return null;
    }

    /** An SSRC unused by any subscription in this room, for a new outgoing stream. */
    public long newSsrc() {
        while (true) {
            long ssrc = ThreadLocalRandom.current().nextLong(1, 0x1_0000_0000L);
            boolean used = false;
            for (Participant p : participants.values()) {
                if (p.usesSsrc(ssrc)) {
                    used = true;
                    break;
                }
            }
            if (!used) {
                return ssrc;
            }
        }
    }

    /**
     * Starts sending a track to a subscriber on the given m-line, and asks the publisher for a
     * keyframe so that the new subscriber can start decoding at once.
     */
    public Subscription subscribe(Participant subscriber, Track track, long ssrc, String mid,
                                  RtpCodec codec, ExtensionIds extensions) {
        return subscribe(subscriber, track, ssrc, mid, codec, extensions, null);
    }

    /** As above, with retransmissions on an RTX stream (null: resend the original packets). */
    public Subscription subscribe(Participant subscriber, Track track, long ssrc, String mid,
                                  RtpCodec codec, ExtensionIds extensions, RepairStream repair) {
        assert loop.inEventLoop();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Subscription s = new Subscription(subscriber, track, ssrc, mid, codec, extensions, repair,
                random.nextInt(0x10000), random.nextLong(0x1_0000_0000L));
        subscriber.addSubscription(s);
        track.add(s);
        s.selectLayer(System.nanoTime());
        return s;
    }

    public void unsubscribe(Subscription s) {
        assert loop.inEventLoop();
        s.subscriber().removeSubscription(s);
        s.track().remove(s);
    }

    /** A decrypted RTP packet from a participant, arrived just now. */
    public void onRtp(Participant from, ByteBuf packet) {
        onRtp(from, packet, System.nanoTime());
    }

    /**
     * A decrypted RTP packet from a participant whose datagram arrived at {@code arrivalNanos}
     * ({@link System#nanoTime()}); see {@link RtpIntake}. The caller keeps ownership of the buffer.
     */
    public void onRtp(Participant from, ByteBuf packet, long arrivalNanos) {
        if (!from.isJoined()) {
            counters.drop(DropReason.NOT_JOINED);
            return;
        }
        long now = System.nanoTime();
        if (!intake.receive(from, packet, arrivalNanos, now)) {
            return;
        }
        Participant newSpeaker = dominantSpeaker.update(participants.values(), now);
        if (newSpeaker != null) {
            listener.dominantSpeakerChanged(this, newSpeaker);
        }
    }

    /** A subscription was suspended or resumed by its subscriber's bandwidth allocation. */
    void suspensionChanged(Subscription s) {
        listener.subscriptionSuspended(this, s);
    }

    /** The loudest participant, as last announced, or null before anyone spoke. */
    public Participant dominantSpeaker() {
        return dominantSpeaker.current();
    }

    /**
     * A decrypted RTCP compound packet from a participant, terminated here (RFC 3550 §7: the SFU
     * is an endpoint to each participant, not a translator); see {@link RtcpTermination}.
     */
    public void onRtcp(Participant from, ByteBuf packet) {
        if (!from.isJoined()) {
            counters.drop(DropReason.NOT_JOINED);
            return;
        }
        rtcpTermination.receive(from, packet, System.nanoTime());
    }

    /**
     * Timed work ({@link TimedWork}); call every {@link #TICK_NANOS} on the room's loop.
     */
    public void tick() {
        count(Counter.TICKS);
        timedWork.run(this, participants.values(), System.nanoTime());
    }

    /** Participants from whom nothing arrived for longer than the timeout; the caller removes them. */
    public List<Participant> silentParticipants(long timeoutNanos) {
        long now = System.nanoTime();
        List<Participant> silent = new ArrayList<>();
        for (Participant p : participants.values()) {
            if (now - p.lastActivityNanos() > timeoutNanos) {
                silent.add(p);
            }
        }
        return silent;
    }

    @Override
    public String toString() {
        return "Room[" + name + ", " + participants.size() + " participants]";
    }
}
