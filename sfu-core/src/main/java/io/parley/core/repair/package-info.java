/**
 * Loss repair (RFC 4585 §6.2.1 generic NACK, RFC 4588 retransmission): the bounded cache of
 * recently forwarded packets that answers subscribers' NACKs, and the loss detector that NACKs
 * publishers. Depends on core.rtp and Netty's buffers; knows nothing of rooms or transports.
 */
package io.parley.core.repair;
