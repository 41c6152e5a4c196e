package io.parley.core.room;

/**
 * The RTX stream (RFC 4588 §4) that carries a subscription's retransmissions: its own SSRC and
 * payload type, announced in the subscriber's SDP (a=ssrc-group:FID, RFC 5576 §4.1).
 */
public record RepairStream(int payloadType, long ssrc) {}
