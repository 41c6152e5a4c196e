/**
 * Test support for transports, shipped in sfu-transport's test jar for the other modules' tests:
 * links on a transport's way out that lose ({@link io.parley.transport.testing.SendLoss}) or
 * narrow ({@link io.parley.transport.testing.NarrowLinks}) what it sends, put there through a
 * {@link io.parley.transport.TransportFactory}. Never used by the server's main code. May depend
 * on io.parley.transport and Netty.
 */
package io.parley.transport.testing;
