/** Rooms and routing: the RTP/RTCP model and forwarding. No sockets, no crypto. */
package io.parley.core;
