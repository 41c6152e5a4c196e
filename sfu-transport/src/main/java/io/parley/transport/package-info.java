/** One participant's transport: ICE, DTLS, SRTP, demultiplexing, SDP. May depend on io.parley.core. */
package io.parley.transport;
