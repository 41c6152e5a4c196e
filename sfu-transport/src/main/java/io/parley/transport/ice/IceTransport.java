package io.parley.transport.ice;

import java.beans.PropertyChangeEvent;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.RemoteCandidate;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.CandidatePairState;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.harvest.CandidateHarvester;
import org.ice4j.util.Buffer;
import org.ice4j.util.BufferHandler;
import org.ice4j.util.BufferPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One participant's ICE agent. BUNDLE and rtcp-mux leave exactly one stream with one component
 * (RFC 8843, RFC 5761). The server is ICE-controlled (RFC 8445 §6.1.1: the browser offers and is
 * full ICE, so it controls) and learns the browser's address from its checks as peer-reflexive.
 */
public final class IceTransport implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IceTransport.class);

    /** Callbacks from ice4j threads. Implementations copy and hand off; they never block. */
    public interface Listener {
        /** A non-STUN datagram; the array is only valid during the call. */
        void onDatagram(byte[] buf, int off, int len);

        /** The pair is selected: media may flow. */
        void onConnected();

        /** Connectivity failed or consent was lost (RFC 7675). */
        void onFailed(String reason);
    }

    /** A local candidate as SDP announces it. */
    public record Candidate(String foundation, long priority, String address, int port, String type) {}

    /**
     * A nominated pair that fails while the peer showed life this recently (media, an answered
     * consent check, or connecting) is not a lost peer: see {@link #onPairChange}. Longer than the
     * consent interval, shorter than ice4j's own consent timeout (30 retries, 500 ms apart).
     */
    private static final long ALIVE_NANOS = 10_000_000_000L;

    private final IceEndpoint endpoint;
    private final Agent agent;
    private volatile long lastDatagramNanos = Long.MIN_VALUE;
    private volatile long connectedNanos = Long.MIN_VALUE;
    /** When the peer's last authenticated binding request (a check or its consent check) came. */
    private volatile long lastPeerRequestNanos = Long.MIN_VALUE;
    private final IceMediaStream stream;
    private final Component component;

    public IceTransport(IceEndpoint endpoint, boolean controlling, Listener listener) throws IOException {
        this.endpoint = endpoint;
        agent = new Agent();
        boolean ok = false;
        try {
            agent.setControlling(controlling);
            agent.setUseDynamicPorts(false);
            agent.setPerformConsentFreshness(true);
            for (CandidateHarvester h : endpoint.harvesters()) {
                agent.addCandidateHarvester(h);
            }
            stream = agent.createMediaStream("bundle");
            component = agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, false);
            component.setBufferCallback(new DatagramHandler(this, listener));
            agent.addStateChangeListener(e -> onAgentState(e, listener));
            stream.addPairChangeListener(e -> onPairChange(e, listener));
            // The stack passes on only requests that carry our credentials (RFC 8445 §7.3):
            // the peer's own consent checks show it is there even when ours stop being sent,
            // which ice4j does once it has failed the selected pair.
            agent.getStunStack().addRequestListener(e -> lastPeerRequestNanos = System.nanoTime());
            endpoint.register(agent.getLocalUfrag(), agent.getLocalPassword());
            ok = true;
        } finally {
            if (!ok) {
                agent.free();
            }
        }
    }

    public String localUfrag() {
        return agent.getLocalUfrag();
    }

    public String localPassword() {
        return agent.getLocalPassword();
    }

    public List<Candidate> localCandidates() {
        List<Candidate> out = new ArrayList<>();
        for (LocalCandidate c : component.getLocalCandidates()) {
            out.add(new Candidate(c.getFoundation(), c.getPriority(),
                    c.getTransportAddress().getHostAddress(), c.getTransportAddress().getPort(),
                    c.getType().toString()));
        }
        return out;
    }

    /**
     * Starts answering and sending checks with the peer's credentials and candidates from its
     * SDP. The server passes no candidates: it learns the browser's as peer-reflexive ones
     * (RFC 8445 §7.3.1.3).
     */
    public void start(String remoteUfrag, String remotePassword, List<Candidate> remoteCandidates) {
        stream.setRemoteUfrag(remoteUfrag);
        stream.setRemotePassword(remotePassword);
        List<InetSocketAddress> paths = new ArrayList<>();
        for (Candidate c : remoteCandidates) {
            paths.add(new InetSocketAddress(c.address(), c.port()));
        }
        if (agent.isControlling()) {
            // The controlling side sends the first check; the controlled side (the server) opens
            // its path when that check arrives.
            endpoint.openPaths(agent.getLocalUfrag(), paths);
        }
        for (Candidate c : remoteCandidates) {
            component.addRemoteCandidate(new RemoteCandidate(
                    new TransportAddress(c.address(), c.port(), Transport.UDP), component,
                    CandidateType.parse(c.type()), c.foundation(), c.priority(), null));
        }
        agent.startConnectivityEstablishment();
    }

    /** Sends on the selected pair. Safe from any thread. */
    public void send(byte[] buf, int off, int len) throws IOException {
        component.send(buf, off, len);
    }

    /**
     * {@link System#nanoTime()} of the last answered consent check on the selected pair (RFC 7675),
     * or {@link Long#MIN_VALUE}.
     */
    private long lastConsentNanos() {
        CandidatePair pair = component.getSelectedPair();
        long millis = pair == null ? 0 : pair.getConsentFreshness();
        if (millis <= 0) {
            return Long.MIN_VALUE;
        }
        return System.nanoTime() - (System.currentTimeMillis() - millis) * 1_000_000L;
    }

    /**
     * {@link System#nanoTime()} of the last STUN sign that the peer is there: an answer to our
     * consent check or a binding request of its own; {@link Long#MIN_VALUE} before either.
     */
    public long lastSignOfLifeNanos() {
        return Math.max(lastConsentNanos(), lastPeerRequestNanos);
    }

    @Override
    public void close() {
        endpoint.unregister(agent.getLocalUfrag());
        List<DatagramSocket> stunSockets = StunSocketDescriptors.of(stream);
        agent.free();
        StunSocketDescriptors.release(stunSockets);
    }

    private void onAgentState(PropertyChangeEvent e, Listener listener) {
        if (!Agent.PROPERTY_ICE_PROCESSING_STATE.equals(e.getPropertyName())) {
            return;
        }
        IceProcessingState state = (IceProcessingState) e.getNewValue();
        log.debug("ICE {} -> {}", agent.getLocalUfrag(), state);
        if (state == IceProcessingState.COMPLETED) {
            connectedNanos = System.nanoTime();
            listener.onConnected();
        } else if (state == IceProcessingState.FAILED) {
            listener.onFailed("ICE connectivity checks failed");
        }
    }

    /**
     * RFC 7675 §5.1: consent checks that go unanswered fail the selected pair. ice4j also fails
     * it when any later connectivity-check transaction on it times out, e.g. a duplicate triggered
     * check whose answer was matched to its twin, while the peer is plainly there. So a failure
     * while the peer recently showed life is logged and left to the silence timeout, which
     * removes a peer that really went away.
     */
    private void onPairChange(PropertyChangeEvent e, Listener listener) {
        if (IceMediaStream.PROPERTY_PAIR_STATE_CHANGED.equals(e.getPropertyName())
                && e.getSource() instanceof CandidatePair pair
                && pair.isNominated()
                && e.getNewValue() == CandidatePairState.FAILED) {
            long lastSign = Math.max(Math.max(lastDatagramNanos, connectedNanos), lastSignOfLifeNanos());
            if (lastSign != Long.MIN_VALUE && System.nanoTime() - lastSign < ALIVE_NANOS) {
                log.debug("ICE {}: pair {} failed a check, but the peer showed life lately; keeping it",
                        agent.getLocalUfrag(), pair.toShortString());
                return;
            }
            listener.onFailed("ICE consent lost");
        }
    }

    /** Runs on the harvester's read thread: hand the bytes over and give the buffer back at once. */
    private record DatagramHandler(IceTransport transport, Listener listener) implements BufferHandler {
        @Override
        public void handleBuffer(Buffer buffer) {
            transport.lastDatagramNanos = System.nanoTime();
            try {
                listener.onDatagram(buffer.getBuffer(), buffer.getOffset(), buffer.getLength());
            } finally {
                BufferPool.returnBuffer.invoke(buffer);
            }
        }
    }
}
