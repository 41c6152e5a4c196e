/**
 * One participant's transport: ICE, DTLS, SRTP, demultiplexing, SDP; the factory that makes the
 * server's transports, and the seam on their way out ({@link io.parley.transport.Outbound}) where
 * tests put lossy or narrow links. May depend on io.parley.core.
 */
package io.parley.transport;
