package io.parley.transport.ice;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.Function;

import org.ice4j.TransportAddress;
import org.ice4j.ice.harvest.SinglePortUdpHarvester;
import org.ice4j.util.Buffer;

/**
 * ice4j's single-port harvester, which gives a remote address a socket of its own when a Binding
 * Request from it names a local ufrag. Two changes:
 * <ul>
 *   <li>The request must also carry a valid MESSAGE-INTEGRITY first. ice4j accepts the address on
 *       the USERNAME alone and checks the integrity later, so anyone who learnt a ufrag could
 *       have their datagrams passed to that participant's transport; RFC 8445 §7.3 lets only
 *       an authenticated check open a path.</li>
 *   <li>A path can be opened towards a known remote candidate first. Without it an agent on this
 *       port could answer checks but never send the first one.</li>
 * </ul>
 */
final class PortHarvester extends SinglePortUdpHarvester {
    private final Function<String, byte[]> keyOfUfrag;
    private final Runnable refused;

    /**
     * @param keyOfUfrag the HMAC key of the agent with a local ufrag, or null for none
     * @param refused    told of every request from a new address that failed authentication
     */
    PortHarvester(TransportAddress localAddress, Function<String, byte[]> keyOfUfrag, Runnable refused)
            throws IOException {
        super(localAddress);
        this.keyOfUfrag = keyOfUfrag;
        this.refused = refused;
    }

    /** Lets the agent with local ufrag {@code ufrag} exchange datagrams with {@code remote}. */
    void openPath(String ufrag, InetSocketAddress remote) {
        super.maybeAcceptNewSession(null, remote, ufrag);
    }

    /** Runs on the harvester's read thread for the first request from an unknown address. */
    @Override
    protected MySocket maybeAcceptNewSession(Buffer buf, InetSocketAddress remoteAddress, String ufrag) {
        byte[] key = keyOfUfrag.apply(ufrag);
        if (key == null || !StunIntegrity.verify(buf.getBuffer(), buf.getOffset(), buf.getLength(), key)) {
            refused.run();
            return null;
        }
        return super.maybeAcceptNewSession(buf, remoteAddress, ufrag);
    }
}
