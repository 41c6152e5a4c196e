package io.parley.admin;

import java.util.concurrent.CountDownLatch;

import com.typesafe.config.ConfigException;
import io.parley.admin.config.ConfigLoader;
import io.parley.admin.config.ParleyConfig;

/** Starts the server from config (see config/parley.conf) and runs until the process is stopped. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        ParleyConfig config;
        try {
            config = ConfigLoader.load();
        } catch (ConfigException e) {
            System.err.println("parley: invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        ParleyServer server = new ParleyServer(config);
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM (and Ctrl-C) run the hook: drain within the grace period, then close.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.drain(config.shutdownGrace());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                server.close();
                stopped.countDown();
            }
        }, "parley-shutdown"));
        stopped.await();
    }
}
