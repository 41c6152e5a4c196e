/**
 * What video payloads say about their frames, one reader per format: VP8 (RFC 7741 payload
 * descriptor, RFC 6386 keyframe header), VP9 (RFC 9628 payload descriptor), AV1 (the aggregation
 * header and the dependency descriptor of the AV1 RTP specification, Appendix A) and H.264 (RFC
 * 6184 packetization, ITU-T H.264 sequence parameter sets). {@link io.parley.core.codec.FrameInfo}
 * reads each packet once with its format's reader, into what forwarding needs: keyframes, picture
 * sizes, temporal layers, switching points and where the picture numbers are. Readers are
 * reusable views that read in place and allocate nothing per packet. Depends on core.rtp, for
 * the packet view, and Netty's ByteBuf only.
 */
package io.parley.core.codec;
