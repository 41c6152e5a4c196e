package io.parley.transport.ice;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.DatagramSocket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;

import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.CheckList;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.socket.DatagramPacketFilter;
import org.ice4j.socket.DelegatingDatagramSocket;
import org.ice4j.socket.IceSocketWrapper;
import org.ice4j.socket.MultiplexedDatagramSocket;
import org.ice4j.socket.MultiplexingDatagramSocket;
import org.ice4j.socket.StunDatagramPacketFilter;

/**
 * Closes the file descriptor ice4j leaves open for every remote address an agent talked to.
 * <p>
 * For each such address the single-port harvester gives the STUN stack a
 * {@link MultiplexedDatagramSocket}. Like every {@link DelegatingDatagramSocket} it opens an
 * unbound socket of its own in its constructor, but its {@code close()} deliberately skips the
 * superclass's, so that descriptor stays open until the garbage collector finds the object: a
 * server with a large heap runs out of descriptors under join and leave churn (measured: 8 more
 * per 8 participants, back only after a forced GC). Invoking the parent class's {@code close()}
 * after the agent is freed closes it; the multiplexing socket it also closes is closed by then.
 */
final class StunSocketDescriptors {
    /** Both classes are on the class path, in the unnamed module, so this needs no opened module. */
    private static final MethodHandle DELEGATING_CLOSE = delegatingClose();
    private static final DatagramPacketFilter STUN = new StunDatagramPacketFilter();

    private StunSocketDescriptors() {
    }

    /** The STUN sockets of every pair of the stream; collect them before the agent is freed. */
    static List<DatagramSocket> of(IceMediaStream stream) {
        List<DatagramSocket> out = new ArrayList<>();
        CheckList pairs = stream.getCheckList();
        synchronized (pairs) {
            for (CandidatePair pair : pairs) {
                MultiplexedDatagramSocket stun = stunSocket(pair);
                if (stun != null && !out.contains(stun)) {
                    out.add(stun);
                }
            }
        }
        return out;
    }

    @SuppressWarnings("deprecation") // the pair's socket is what ice4j gave the STUN stack its filter of
    private static MultiplexedDatagramSocket stunSocket(CandidatePair pair) {
        IceSocketWrapper wrapper = pair.getIceSocketWrapper();
        if (wrapper != null && wrapper.getUDPSocket() instanceof MultiplexingDatagramSocket multiplexing) {
            try {
                return multiplexing.getSocket(STUN, false);
            } catch (SocketException e) {
                return null; // never made: nothing to release
            }
        }
        return null;
    }

    /** Closes the descriptors the sockets' own {@code close()} leaves open. */
    static void release(List<DatagramSocket> stunSockets) {
        for (DatagramSocket socket : stunSockets) {
            try {
                DELEGATING_CLOSE.invoke((MultiplexedDatagramSocket) socket);
            } catch (Throwable e) {
                throw new IllegalStateException("could not close an ice4j STUN socket", e);
            }
        }
    }

    private static MethodHandle delegatingClose() {
        try {
            return MethodHandles.privateLookupIn(MultiplexedDatagramSocket.class, MethodHandles.lookup())
                    .findSpecial(DelegatingDatagramSocket.class, "close", MethodType.methodType(void.class),
                            MultiplexedDatagramSocket.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
