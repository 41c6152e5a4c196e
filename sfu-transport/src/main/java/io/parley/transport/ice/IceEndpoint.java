package io.parley.transport.ice;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.harvest.AbstractUdpListener;
import org.ice4j.ice.harvest.CandidateHarvester;
import org.ice4j.ice.harvest.StaticMappingCandidateHarvester;
import org.ice4j.util.Buffer;
import org.ice4j.util.BufferPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's one UDP port: the single-port harvesters every participant's agent shares, plus
 * the static NAT mapping when an advertised address is configured. Made once at startup.
 */
public final class IceEndpoint implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IceEndpoint.class);
    private static final int POOLED_BUFFER_SIZE = 2048;
    private static final int POOL_CAPACITY = 1024;

    private final List<PortHarvester> udpHarvesters;
    private final List<CandidateHarvester> harvesters;
    /** Local ufrag to the HMAC key of its agent's password, for checks from new addresses. */
    private final Map<String, byte[]> keys = new ConcurrentHashMap<>();
    private final LongAdder unauthenticatedChecks = new LongAdder();

    public IceEndpoint(IceSettings settings) throws IOException {
        usePushApiWithRecycledBuffers();
        udpHarvesters = createUdpHarvesters(settings, keys::get, unauthenticatedChecks::increment);
        if (udpHarvesters.isEmpty()) {
            throw new IOException("no usable address to bind the ICE UDP port " + settings.udpPort()
                    + " (set parley.ice.bind-address)");
        }
        harvesters = new ArrayList<>(udpHarvesters);
        if (!settings.advertisedAddress().isEmpty()) {
            for (PortHarvester udp : udpHarvesters) {
                TransportAddress local = udp.getLocalAddress();
                TransportAddress mapped = new TransportAddress(
                        settings.advertisedAddress(), local.getPort(), Transport.UDP);
                harvesters.add(new StaticMappingCandidateHarvester(mapped, local));
            }
        }
        for (PortHarvester udp : udpHarvesters) {
            log.info("ICE listening on udp {}", udp.getLocalAddress());
        }
    }

    /** The harvesters each agent adds: they hand out candidates on the shared port. */
    List<CandidateHarvester> harvesters() {
        return harvesters;
    }

    /** Lets checks signed with {@code password} open paths to the agent with local ufrag {@code ufrag}. */
    void register(String ufrag, String password) {
        keys.put(ufrag, StunIntegrity.key(password));
    }

    void unregister(String ufrag) {
        keys.remove(ufrag);
    }

    /**
     * Binding requests from unknown addresses that were refused: no agent with their ufrag, or a
     * MESSAGE-INTEGRITY that did not verify.
     */
    public long unauthenticatedChecks() {
        return unauthenticatedChecks.sum();
    }

    /** ICE agents on this port, one per open transport: zero again once everyone has left. */
    public int agents() {
        return keys.size();
    }

    /** The bound port (useful when the configured port was 0). */
    public int port() {
        return udpHarvesters.get(0).getLocalAddress().getPort();
    }

    @Override
    public void close() {
        for (PortHarvester udp : udpHarvesters) {
            udp.close();
        }
    }

    /** Opens the shared port towards known remote candidates for the agent with this ufrag. */
    void openPaths(String localUfrag, List<InetSocketAddress> remotes) {
        for (PortHarvester udp : udpHarvesters) {
            for (InetSocketAddress remote : remotes) {
                if (remote.getAddress().getClass() == udp.getLocalAddress().getAddress().getClass()) {
                    udp.openPath(localUfrag, remote);
                }
            }
        }
    }

    private static List<PortHarvester> createUdpHarvesters(IceSettings settings, Function<String, byte[]> keys,
                                                           Runnable refused) throws IOException {
        List<PortHarvester> out = new ArrayList<>();
        if (settings.bindAddress().isEmpty()) {
            for (TransportAddress address : AbstractUdpListener.getAllowedAddresses(settings.udpPort())) {
                out.add(new PortHarvester(address, keys, refused));
            }
        } else {
            out.add(new PortHarvester(new TransportAddress(
                    InetAddress.getByName(settings.bindAddress()), settings.udpPort(), Transport.UDP), keys, refused));
        }
        return out;
    }

    /**
     * ice4j's push API hands each datagram to the component's callback on the harvester thread
     * (see TRANSPORT-NOTES). Its buffer pool is ice4j's own global; recycling arrays there spares
     * a 1.5 KB allocation per received packet. Both settings must be in place before the first
     * harvester exists.
     */
    private static synchronized void usePushApiWithRecycledBuffers() {
        if (AbstractUdpListener.USE_PUSH_API) {
            return;
        }
        ArrayBlockingQueue<Buffer> free = new ArrayBlockingQueue<>(POOL_CAPACITY);
        BufferPool.getBuffer = size -> {
            Buffer b = size <= POOLED_BUFFER_SIZE ? free.poll() : null;
            if (b == null) {
                b = new Buffer(new byte[Math.max(size, POOLED_BUFFER_SIZE)], 0, size);
            }
            b.setOffset(0);
            b.setLength(size);
            return b;
        };
        BufferPool.returnBuffer = b -> {
            if (b.getBuffer().length == POOLED_BUFFER_SIZE) {
                free.offer(b);
            }
            return kotlin.Unit.INSTANCE;
        };
        AbstractUdpListener.USE_PUSH_API = true;
    }
}
