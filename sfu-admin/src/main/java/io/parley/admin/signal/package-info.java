/**
 * Client signalling over WebSocket ({@code /rtc}, documented in docs/signaling.md) and WHIP/WHEP
 * sessions: entering rooms (one {@link io.parley.admin.signal.Entrance} for every kind of session),
 * SDP offer/answer, media requests, and the JSON fan-out of room events to the sessions, found by
 * participant id in the {@link io.parley.admin.signal.SessionRegistry}. The glue between the rooms
 * (sfu-core's core.room and core.rooms) and each participant's transport and SDP (sfu-transport).
 * May depend on both, Netty and Jackson.
 */
package io.parley.admin.signal;
