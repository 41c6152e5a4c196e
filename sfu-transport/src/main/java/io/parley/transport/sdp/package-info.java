/**
 * SDP (RFC 8866) as WebRTC uses it (JSEP, RFC 9429): parsing browsers' offers into an immutable
 * model, choosing codecs and header extensions, and writing answers. Pure Java, no dependencies.
 */
package io.parley.transport.sdp;
