/**
 * ICE (RFC 8445) through ice4j: the shared single-port UDP endpoint and one controlled-role agent
 * per participant. Depends on ice4j only; knows nothing about DTLS, SRTP or rooms.
 */
package io.parley.transport.ice;
