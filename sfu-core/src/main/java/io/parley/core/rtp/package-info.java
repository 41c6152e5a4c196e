/**
 * RTP wire format (RFC 3550, RFC 8285 header extensions): a reusable view that reads and patches
 * a packet in place, a writer for fresh headers, and readers of what video payloads say about
 * keyframes and layers (VP8 RFC 7741, VP9 RFC 9628, H.264 RFC 6184 with its SPS, the AV1
 * dependency descriptor). Depends on Netty's ByteBuf only.
 */
package io.parley.core.rtp;
