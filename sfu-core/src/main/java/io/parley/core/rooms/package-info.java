/**
 * The server's rooms: {@link io.parley.core.rooms.RoomRegistry} keeps them by name while they have
 * members, within the room limits; {@link io.parley.core.rooms.RoomFactory} places each new room on
 * an event loop; {@link io.parley.core.rooms.RoomTimers} runs a room's timed work on that loop;
 * {@link io.parley.core.rooms.RoomCensus} reads their figures for metrics. Whoever holds the
 * members' sessions (signalling) is reached through {@link io.parley.core.rooms.MemberSessions}.
 * Depends on io.parley.core.room and Netty's executors and buffers; never on sockets, crypto or JSON.
 */
package io.parley.core.rooms;
