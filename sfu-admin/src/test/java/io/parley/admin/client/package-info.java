/**
 * A Java call client for tests and the load generator: signalling over the WebSocket and media
 * over its own ICE/DTLS-SRTP transport, as a browser would. Not part of the server: it ships in
 * sfu-admin's test jar, which the benchmarks module uses. May depend on sfu-transport and Jackson,
 * never on the server's own packages.
 */
package io.parley.admin.client;
