package io.parley.admin.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on loopback in front of the server's HTTP port whose connections the test can cut
 * at once, with a reset and no close handshake, as a phone's network change cuts them. New
 * connections keep working, so a client can come back through it.
 */
final class DroppingProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile boolean refusing;

    DroppingProxy(int targetPort) throws IOException {
        this.target = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "dropping-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** While set, new connections are reset as soon as they are accepted: the network is still down. */
    void refuseNew(boolean refuse) {
        refusing = refuse;
    }

    /** Resets every connection open now; returns how many there were. */
    int dropAll() throws IOException {
        int n = 0;
        for (Socket s : sockets) {
            sockets.remove(s);
            if (s.isClosed()) {
                continue; // its pipe closed it a moment ago
            }
            try {
                s.setSoLinger(true, 0);
                s.close();
                n++;
            } catch (IOException e) {
                // closed by its pipe meanwhile
            }
        }
        return n;
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            try {
                if (refusing) {
                    client.setSoLinger(true, 0);
                    client.close();
                    continue;
                }
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(client);
                sockets.add(server);
                pipe(client, server);
                pipe(server, client);
            } catch (IOException e) {
                close(client); // the server refused: so does the proxy, and it goes on accepting
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // The other side is gone, or the test cut the connection.
            } finally {
                close(from);
                close(to);
            }
        }, "dropping-proxy-pipe");
        t.setDaemon(true);
        t.start();
    }

    private void close(Socket s) {
        sockets.remove(s);
        try {
            s.close();
        } catch (IOException e) {
            // closed already
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        dropAll();
    }
}
