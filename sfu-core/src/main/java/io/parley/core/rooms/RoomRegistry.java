package io.parley.core.rooms;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.parley.core.room.Room;

/**
 * The server's rooms by name. A room exists while it has members: the first {@link #acquire} of a
 * name makes it and starts its timers, the last {@link #release} stops them and forgets the room.
 * Safe from any thread: joins arrive on the HTTP threads, leaves on the rooms' loops.
 */
public final class RoomRegistry {
    private final RoomFactory factory;
    private final RoomTimers timers;
    private final RoomLimits limits;
    private final Map<String, Entry> byName = new HashMap<>();

    private static final class Entry {
        final Room room;
        final RoomTimers.Running timers;
        int members;

        Entry(Room room, RoomTimers.Running timers) {
            this.room = room;
            this.timers = timers;
        }
    }

    public RoomRegistry(RoomFactory factory, RoomTimers timers, RoomLimits limits) {
        this.factory = factory;
        this.timers = timers;
        this.limits = limits;
    }

    /**
     * The room of that name, made if needed; pair every call with {@link #release}.
     *
     * @throws RoomLimitReached when there are {@code limits.rooms} rooms already, or this one is full
     */
    public synchronized Room acquire(String name) throws RoomLimitReached {
        Entry e = byName.get(name);
        if (e == null && byName.size() >= limits.rooms()) {
            throw new RoomLimitReached(RoomLimitReached.Limit.ROOMS,
                    "the server has as many rooms as it may (" + limits.rooms() + ")");
        }
        if (e != null && e.members >= limits.participantsPerRoom()) {
            throw new RoomLimitReached(RoomLimitReached.Limit.PARTICIPANTS_PER_ROOM,
                    "room '" + name + "' is full (" + limits.participantsPerRoom() + ")");
        }
        if (e == null) {
            Room room = factory.create(name);
            e = new Entry(room, timers.start(room));
            byName.put(name, e);
        }
        e.members++;
        return e.room;
    }

    /** Gives back a member's place; a room acquired before it closed and was made anew is ignored. */
    public synchronized void release(Room room) {
        Entry e = byName.get(room.name());
        if (e == null || e.room != room) {
            return;
        }
        if (--e.members == 0) {
            e.timers.stop();
            byName.remove(room.name());
        }
    }

    /** Rooms that have members now. */
    public synchronized int count() {
        return byName.size();
    }

    /** The rooms that have members now; read each on its loop. */
    public synchronized List<Room> list() {
        List<Room> out = new ArrayList<>();
        for (Entry e : byName.values()) {
            out.add(e.room);
        }
        return out;
    }

    /** A room by name, or null. */
    public synchronized Room byName(String name) {
        Entry e = byName.get(name);
        return e == null ? null : e.room;
    }
}
