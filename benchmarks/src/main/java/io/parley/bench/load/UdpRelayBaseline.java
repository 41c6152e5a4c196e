package io.parley.bench.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The floor: the same forwarded packets and fan-out (audio and the top video layer) relayed by one
 * Java thread with a plain DatagramChannel, no ICE, DTLS, SRTP or routing. Parley's numbers read
 * as a ratio to this.
 */
final class UdpRelayBaseline {
    record Result(long forwardedPackets, double forwardedPps, double forwardedMbps, double cpuSecondsPerMillion) {}

    private UdpRelayBaseline() {
    }

    static Result run(LoadSettings settings) throws Exception {
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
        try (DatagramChannel relay = DatagramChannel.open().bind(loopback)) {
            List<DatagramChannel> clients = new ArrayList<>();
            Map<SocketAddress, List<SocketAddress>> fanOut = new HashMap<>();
            List<List<DatagramChannel>> rooms = new ArrayList<>();
            try {
                for (int r = 0; r < settings.rooms(); r++) {
                    List<DatagramChannel> room = new ArrayList<>();
                    for (int m = 0; m < settings.participants(); m++) {
                        DatagramChannel c = DatagramChannel.open().bind(loopback);
                        c.configureBlocking(false);
                        clients.add(c);
                        room.add(c);
                    }
                    for (DatagramChannel c : room) {
                        List<SocketAddress> others = new ArrayList<>();
                        for (DatagramChannel o : room) {
                            if (o != c) {
                                others.add(o.getLocalAddress());
                            }
                        }
                        fanOut.put(c.getLocalAddress(), others);
                    }
                    rooms.add(room);
                }
                return relayFor(settings, relay, rooms, fanOut);
            } finally {
                for (DatagramChannel c : clients) {
                    c.close();
                }
            }
        }
    }

    private static Result relayFor(LoadSettings settings, DatagramChannel relay, List<List<DatagramChannel>> rooms,
                                   Map<SocketAddress, List<SocketAddress>> fanOut) throws Exception {
        AtomicLong forwarded = new AtomicLong();
        AtomicLong forwardedBytes = new AtomicLong();
        AtomicLong relayCpu = new AtomicLong();
        SocketAddress relayAddress = relay.getLocalAddress();
        Thread relayThread = new Thread(() -> {
            ByteBuffer buf = ByteBuffer.allocateDirect(2048);
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    buf.clear();
                    SocketAddress from = relay.receive(buf);
                    buf.flip();
                    List<SocketAddress> to = fanOut.get(from);
                    if (to == null) {
                        continue;
                    }
                    for (SocketAddress a : to) {
                        buf.rewind();
                        forwardedBytes.addAndGet(relay.send(buf, a));
                        forwarded.incrementAndGet();
                    }
                    relayCpu.set(mx.getCurrentThreadCpuTime());
                }
            } catch (IOException closed) {
                // The channel closed at the end of the run.
            }
        }, "baseline-relay");
        relayThread.setDaemon(true);
        relayThread.start();

        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        List<MediaPacer> pacers = new ArrayList<>();
        int index = 0;
        for (List<DatagramChannel> room : rooms) {
            for (int m = 0; m < room.size(); m++) {
                pacers.add(new MediaPacer(index++, settings.videoKbps()));
            }
        }
        ByteBuf scratch = Unpooled.buffer(2048);
        ByteBuffer sink = ByteBuffer.allocate(2048);
        var task = pacer.scheduleAtFixedRate(() -> {
            int i = 0;
            try {
                for (List<DatagramChannel> room : rooms) {
                    for (DatagramChannel c : room) {
                        while (c.receive(sink.clear()) != null) {
                            // Drain what the relay sent us, as a receiving client would.
                        }
                        MediaPacer p = pacers.get(i++);
                        long now = System.nanoTime();
                        scratch.clear();
                        p.writeAudio(scratch, now);
                        c.send(scratch.nioBuffer(), relayAddress);
                        p.nextVideoFrame();
                        // The layer Parley forwards to each subscriber: the top one.
                        for (int v = 0; v < p.videoPackets(MediaPacer.TOP_LAYER); v++) {
                            scratch.clear();
                            p.writeVideo(scratch, MediaPacer.TOP_LAYER, now, v);
                            c.send(scratch.nioBuffer(), relayAddress);
                        }
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, 0, MediaPacer.TICK_MILLIS, TimeUnit.MILLISECONDS);
        long start = System.nanoTime();
        long cpuStart = relayCpu.get();
        long forwardedStart = forwarded.get();
        Thread.sleep(settings.seconds() * 1000L);
        task.cancel(false);
        pacer.shutdownNow();
        double elapsed = (System.nanoTime() - start) / 1e9;
        long packets = forwarded.get() - forwardedStart;
        double cpu = (relayCpu.get() - cpuStart) / 1e9;
        relayThread.interrupt();
        return new Result(packets, packets / elapsed, forwardedBytes.get() * 8 / elapsed / 1e6,
                packets == 0 ? 0 : cpu / (packets / 1e6));
    }
}
