/**
 * The room model: {@link io.parley.core.room.Room}, {@link io.parley.core.room.Participant},
 * {@link io.parley.core.room.Track} and {@link io.parley.core.room.Subscription}. Everything of a
 * room runs on the room's one event loop, so nothing here takes a lock. Depends on
 * io.parley.core.rtp, io.parley.core.rtcp, io.parley.core.codec, io.parley.core.forward,
 * io.parley.core.repair and io.parley.core.bwe (and SLF4J); never on sockets or crypto:
 * a participant's transport is the {@link io.parley.core.room.MediaTransport} interface, and it
 * delivers what it decrypts to a {@link io.parley.core.room.MediaInput}
 * ({@link io.parley.core.room.ParticipantInput}: straight into the room).
 */
package io.parley.core.room;
