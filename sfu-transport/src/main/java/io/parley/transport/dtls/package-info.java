/**
 * DTLS 1.2 (RFC 6347) with the use_srtp extension (RFC 5764) through BouncyCastle's TLS API: the
 * server's certificate, and one handshake per participant that yields SRTP keys. Depends on
 * BouncyCastle and io.parley.transport.srtp.
 */
package io.parley.transport.dtls;
