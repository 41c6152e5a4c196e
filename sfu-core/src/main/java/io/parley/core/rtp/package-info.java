/**
 * RTP wire format (RFC 3550, RFC 8285 header extensions): a reusable view that reads and patches
 * a packet in place, and a writer for fresh headers. Depends on Netty's ByteBuf only.
 */
package io.parley.core.rtp;
