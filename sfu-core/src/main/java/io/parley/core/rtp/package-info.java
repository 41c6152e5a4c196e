/**
 * RTP wire format (RFC 3550, RFC 8285 header extensions): a reusable view that reads and patches
 * a packet in place, a writer for fresh headers, and the checks of the header RTP shares with
 * RTCP. Depends on Netty's ByteBuf only.
 */
package io.parley.core.rtp;
