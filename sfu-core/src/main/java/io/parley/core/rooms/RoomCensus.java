package io.parley.core.rooms;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.netty.util.concurrent.EventExecutor;
import io.parley.core.room.MediaCounters;
import io.parley.core.room.Participant;
import io.parley.core.room.Room;

/**
 * Takes the rooms' figures for metrics, each read on its loop (counters and rooms are plain fields
 * of that loop's thread): the counters of every loop, and the rooms, participants and tracks there.
 */
public final class RoomCensus {
    private final RoomRegistry rooms;
    private final RoomFactory factory;

    public RoomCensus(RoomRegistry rooms, RoomFactory factory) {
        this.rooms = rooms;
        this.factory = factory;
    }

    public CompletableFuture<RoomsSnapshot> take() {
        List<Room> live = rooms.list();
        MediaCounters sum = new MediaCounters();
        long[] gauges = new long[3];
        List<CompletableFuture<Void>> reads = new ArrayList<>();
        for (Map.Entry<EventExecutor, MediaCounters> loop : factory.countersByLoop().entrySet()) {
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
}
