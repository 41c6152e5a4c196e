/**
 * Client signalling over WebSocket ({@code /rtc}, documented in docs/signaling.md): joining rooms,
 * SDP offer/answer, membership events. The glue between the room model (sfu-core) and each
 * participant's transport and SDP (sfu-transport). May depend on both, Netty and Jackson.
 */
package io.parley.admin.signal;
