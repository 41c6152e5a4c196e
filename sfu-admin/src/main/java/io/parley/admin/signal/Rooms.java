package io.parley.admin.signal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.parley.admin.config.ParleyConfig;
import io.parley.admin.metrics.Refusals;
import io.parley.admin.metrics.RoomsSnapshot;
import io.parley.core.room.MediaCounters;
import io.parley.core.room.MediaSettings;
import io.parley.core.room.Participant;
import io.parley.core.room.Room;
import io.parley.core.room.RoomListener;
import io.parley.core.room.RoomMetrics;
import io.parley.core.room.Subscription;
import io.parley.core.room.Track;
import io.parley.transport.WebRtcTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's rooms by name. A room exists while it has members; each new room is placed on the
 * next event loop of the group. Also routes a room's events to its members' signalling sessions.
 */
final class Rooms implements RoomListener {
    private static final Logger log = LoggerFactory.getLogger(Rooms.class);
    private static final long SILENCE_CHECK_SECONDS = 1;

    private final EventLoopGroup loops;
    private final ByteBufAllocator allocator;
    private final Messages messages;
    private final long silenceTimeoutNanos;
    private final MediaSettings media;
    private final RoomMetrics metrics;
    private final ParleyConfig.Limits limits;
    private final Refusals refusals;
    /** One set of counters per loop, shared by its rooms and kept when they close. */
    private final Map<EventExecutor, MediaCounters> countersByLoop = new HashMap<>();
    private final Map<String, Entry> byName = new HashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    private static final class Entry {
        final Room room;
        int members;
        ScheduledFuture<?> silenceCheck;
        ScheduledFuture<?> tick;

        Entry(Room room) {
            this.room = room;
        }
    }

    Rooms(EventLoopGroup loops, ByteBufAllocator allocator, Messages messages, long silenceTimeoutNanos,
          MediaSettings media, RoomMetrics metrics, ParleyConfig.Limits limits, Refusals refusals) {
        this.limits = limits;
        this.refusals = refusals;
        this.media = media;
        this.metrics = metrics;
        for (EventExecutor loop : loops) {
            countersByLoop.put(loop, new MediaCounters());
        }
        this.loops = loops;
        this.allocator = allocator;
        this.messages = messages;
        this.silenceTimeoutNanos = silenceTimeoutNanos;
    }

    /**
     * The room of that name, created if needed; pair every call with {@link #release}.
     *
     * @throws LimitReached when there are {@code limits.rooms} rooms already, or this one is full
     */
    synchronized Room acquire(String name) throws LimitReached {
        Entry e = byName.get(name);
        if (e == null && byName.size() >= limits.rooms()) {
            refusals.refused(Refusals.Limit.ROOMS);
            throw new LimitReached(Refusals.Limit.ROOMS, "the server has as many rooms as it may (" + limits.rooms() + ")");
        }
        if (e != null && e.members >= limits.participantsPerRoom()) {
            refusals.refused(Refusals.Limit.PARTICIPANTS_PER_ROOM);
            throw new LimitReached(Refusals.Limit.PARTICIPANTS_PER_ROOM, "room '" + name + "' is full (" + limits.participantsPerRoom() + ")");
        }
        if (e == null) {
            EventExecutor loop = loops.next();
            e = new Entry(new Room(name, loop, allocator, media, this, countersByLoop.get(loop), metrics));
            Room room = e.room;
            e.silenceCheck = room.loop().scheduleAtFixedRate(() -> everySecond(room),
                    SILENCE_CHECK_SECONDS, SILENCE_CHECK_SECONDS, TimeUnit.SECONDS);
            e.tick = room.loop().scheduleAtFixedRate(room::tick, Room.TICK_NANOS, Room.TICK_NANOS, TimeUnit.NANOSECONDS);
            byName.put(name, e);
        }
        e.members++;
        return e.room;
    }

    synchronized void release(Room room) {
        Entry e = byName.get(room.name());
        if (e == null || e.room != room) {
            return;
        }
        if (--e.members == 0) {
            e.silenceCheck.cancel(false);
            e.tick.cancel(false);
            byName.remove(room.name());
        }
    }

    synchronized int roomCount() {
        return byName.size();
    }

    /**
     * The rooms' figures, read on each loop (their counters are plain fields of that thread):
     * the counters of every loop, and the rooms, participants and tracks there now.
     */
    CompletableFuture<RoomsSnapshot> snapshot() {
        List<Room> live;
        synchronized (this) {
            live = new ArrayList<>();
            for (Entry e : byName.values()) {
                live.add(e.room);
            }
        }
        MediaCounters sum = new MediaCounters();
        long[] gauges = new long[3];
        List<CompletableFuture<Void>> reads = new ArrayList<>();
        for (Map.Entry<EventExecutor, MediaCounters> loop : countersByLoop.entrySet()) {
            reads.add(CompletableFuture.runAsync(() -> {
                synchronized (sum) {
                    loop.getValue().addTo(sum);
                }
            }, loop.getKey()));
        }
        for (Room room : live) {
            reads.add(CompletableFuture.runAsync(() -> {
                int participants = room.participants().size();
                int tracks = 0;
                for (Participant p : room.participants()) {
                    tracks += p.tracks().size();
                }
                synchronized (gauges) {
                    gauges[0]++;
                    gauges[1] += participants;
                    gauges[2] += tracks;
                }
            }, room.loop()));
        }
        return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(done -> {
            synchronized (gauges) {
                synchronized (sum) {
                    return new RoomsSnapshot(gauges[0], gauges[1], gauges[2], sum);
                }
            }
        });
    }

    /** The rooms that have members now. */
    synchronized List<Room> list() {
        List<Room> out = new ArrayList<>();
        for (Entry e : byName.values()) {
            out.add(e.room);
        }
        return out;
    }

    synchronized Room byName(String name) {
        Entry e = byName.get(name);
        return e == null ? null : e.room;
    }

    Session session(String participantId) {
        return sessions.get(participantId);
    }

    /**
     * Takes a session's participant (null if it never got in) out of its room and frees the rest:
     * transport, registration, the room itself when it empties. Runs on the room's loop.
     */
    void end(Room room, String id, Participant participant, WebRtcTransport transport, String reason) {
        room.execute(() -> {
            if (participant != null && participant.isJoined()) {
                room.leave(participant, reason);
                log.info("{} left room {}: {}", id, room.name(), reason);
            }
            transport.close();
            unregister(id);
            release(room);
        });
    }

    void register(String participantId, Session session) {
        sessions.put(participantId, session);
    }

    void unregister(String participantId) {
        sessions.remove(participantId);
    }

    /** Sends every connected session the same message. */
    void tellEveryone(JsonNode message) {
        for (Session s : sessions.values()) {
            s.send(message);
        }
    }

    /** Signalling sessions with a participant. */
    int sessionCount() {
        return sessions.size();
    }

    /** Ends every session (server shutdown): participants leave, transports are freed. */
    void terminateAll(String reason) {
        for (Session s : sessions.values()) {
            s.terminate(reason);
        }
    }

    private void everySecond(Room room) {
        removeSilent(room);
        tellEstimates(room);
    }

    /** Each participant hears what the server estimates its downlink takes (the demo shows it). */
    private void tellEstimates(Room room) {
        for (Participant p : room.participants()) {
            Session s = sessions.get(p.id());
            if (s != null && !p.subscriptions().isEmpty()) {
                s.send(messages.ofType("bandwidth").put("estimateBps", p.sendEstimateBps()));
            }
        }
    }

    private void removeSilent(Room room) {
        for (Participant p : room.silentParticipants(silenceTimeoutNanos)) {
            Session s = sessions.get(p.id());
            if (s != null) {
                s.terminate("no media or keep-alive for " + (silenceTimeoutNanos / 1_000_000_000L) + " s");
            } else {
                room.leave(p, "timeout");
            }
        }
    }

    @Override
    public void participantJoined(Room room, Participant participant) {
        tellOthers(room, participant, messages.ofType("participantJoined")
                .set("participant", messages.participant(participant)));
    }

    @Override
    public void participantLeft(Room room, Participant participant, String reason) {
        tellOthers(room, participant, messages.ofType("participantLeft").put("participantId", participant.id()));
    }

    @Override
    public void trackPublished(Room room, Track track) {
        tellOthers(room, track.publisher(), messages.ofType("trackPublished")
                .put("participantId", track.publisher().id())
                .set("track", messages.track(track)));
    }

    @Override
    public void trackUnpublished(Room room, Track track) {
        tellOthers(room, track.publisher(), messages.ofType("trackUnpublished")
                .put("participantId", track.publisher().id())
                .put("trackId", track.id()));
    }

    @Override
    public void trackMuted(Room room, Track track) {
        // The publisher hears of it too: it did not ask when an operator muted it.
        tellOthers(room, null, messages.ofType("trackMuted")
                .put("participantId", track.publisher().id())
                .put("trackId", track.id())
                .put("muted", track.isMuted())
                .put("byOperator", track.isMutedByOperator()));
    }

    @Override
    public void dominantSpeakerChanged(Room room, Participant speaker) {
        tellOthers(room, null, messages.ofType("dominantSpeaker").put("participantId", speaker.id()));
    }

    @Override
    public void subscriptionSuspended(Room room, Subscription subscription) {
        Session s = sessions.get(subscription.subscriber().id());
        if (s != null) {
            s.send(messages.ofType("videoSuspended")
                    .put("trackId", subscription.track().id())
                    .put("suspended", subscription.isSuspended()));
        }
    }

    /** Sends to every member but {@code about} (null: to everyone). */
    private void tellOthers(Room room, Participant about, JsonNode message) {
        for (Participant p : room.participants()) {
            if (p != about) {
                Session s = sessions.get(p.id());
                if (s != null) {
                    s.send(message);
                }
            }
        }
    }
}
