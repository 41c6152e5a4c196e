/**
 * RTCP wire format (RFC 3550 §6, RFC 4585, RFC 5104, RFC 5506): an iterator over compound packets
 * and one small class per message the server reads or writes. Depends on Netty's ByteBuf and
 * core.rtp, for the header checks RTCP shares with RTP.
 */
package io.parley.core.rtcp;
