/**
 * The load generator: real clients over UDP with ICE, DTLS and SRTP against a Parley server, and a
 * plain UDP relay as the baseline of what this JVM and kernel move at all. Depends on sfu-admin's
 * client and server.
 */
package io.parley.bench.load;
