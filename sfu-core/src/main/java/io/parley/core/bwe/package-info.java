/**
 * Transport-wide congestion control (draft-holmer-rmcat-transport-wide-cc-extensions-01) in both
 * directions. Toward subscribers, send-side bandwidth estimation (GCC-style,
 * draft-ietf-rmcat-gcc-02): what was sent with which transport-wide sequence number, and an
 * estimator fed by the subscriber's feedback; plain Java. From publishers, the arrivals their
 * browsers' own estimators need, written back as feedback; that part depends on core.rtcp and
 * Netty's ByteBuf. Used on the room's loop.
 */
package io.parley.core.bwe;
