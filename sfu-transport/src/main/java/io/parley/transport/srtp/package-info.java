/**
 * SRTP and SRTCP (RFC 3711, RFC 7714 AES-GCM) for one transport, through jitsi-srtp, on Netty heap
 * buffers in place. Depends on jitsi-srtp and Netty's ByteBuf.
 */
package io.parley.transport.srtp;
