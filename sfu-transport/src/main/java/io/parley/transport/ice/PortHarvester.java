package io.parley.transport.ice;

import java.io.IOException;
import java.net.InetSocketAddress;

import org.ice4j.TransportAddress;
import org.ice4j.ice.harvest.SinglePortUdpHarvester;

/**
 * ice4j's single-port harvester, which accepts a remote address only when a Binding Request from it
 * arrives, plus the ability to open the path towards a known remote candidate first. Without it an
 * agent on this port could answer checks but never send the first one.
 */
final class PortHarvester extends SinglePortUdpHarvester {
    PortHarvester(TransportAddress localAddress) throws IOException {
        super(localAddress);
    }

    /** Lets the agent with local ufrag {@code ufrag} exchange datagrams with {@code remote}. */
    void openPath(String ufrag, InetSocketAddress remote) {
        maybeAcceptNewSession(null, remote, ufrag);
    }
}
