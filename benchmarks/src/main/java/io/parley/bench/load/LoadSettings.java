package io.parley.bench.load;

/**
 * What one load run does.
 *
 * @param httpPort     a running server's HTTP port on 127.0.0.1, or 0 to start one in-process
 * @param metricsPort  where that server serves /metrics when not on its HTTP port, else 0
 * @param token        a join token for that server valid for every room (rooms are load-0, load-1, ...)
 * @param videoKbps    top simulcast layer bitrate each participant publishes (1100-byte packets)
 * @param baseline     also run the plain UDP relay with the same packets and fan-out
 */
public record LoadSettings(int rooms, int participants, int seconds, int videoKbps, int httpPort, int metricsPort,
                           String token, boolean baseline) {
    public LoadSettings {
        if (httpPort != 0 && (token == null || token.isEmpty())) {
            throw new IllegalArgumentException("--server needs --token (the server prints one in dev mode)");
        }
        if (rooms < 1 || participants < 2 || seconds < 1 || videoKbps < 0) {
            throw new IllegalArgumentException("need rooms >= 1, participants >= 2, seconds >= 1, video-kbps >= 0");
        }
    }

    static final String USAGE = """
            Usage: java -cp benchmarks/target/benchmarks.jar io.parley.bench.load.LoadGenerator [options]
              --rooms N          rooms (default 1)
              --participants M   participants per room, each publishing audio and video and
                                 subscribing to everyone else (default 5)
              --seconds S        how long media flows (default 10); the run then stops by itself
              --video-kbps K     top video layer bitrate per participant (default 500); two more
                                 simulcast layers at 1/4 and 1/16 of it are sent too
              --server PORT      use a server already running on 127.0.0.1:PORT (HTTP) instead of
                                 starting one in-process; its CPU, heap and forwarded packets are
                                 then read from its /metrics (CPU and heap of that process alone)
              --metrics-port P   that server's metrics port, if not its HTTP port
              --token T          a join token for that server allowing room * (dev mode prints one)
              --no-baseline      skip the plain UDP relay baseline
              --help             this text
            """;

    static LoadSettings parse(String[] args) {
        int rooms = 1;
        int participants = 5;
        int seconds = 10;
        int kbps = 500;
        int port = 0;
        int metricsPort = 0;
        String token = null;
        boolean baseline = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rooms" -> rooms = Integer.parseInt(args[++i]);
                case "--participants" -> participants = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--video-kbps" -> kbps = Integer.parseInt(args[++i]);
                case "--server" -> port = Integer.parseInt(args[++i]);
                case "--metrics-port" -> metricsPort = Integer.parseInt(args[++i]);
                case "--token" -> token = args[++i];
                case "--no-baseline" -> baseline = false;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        return new LoadSettings(rooms, participants, seconds, kbps, port, metricsPort, token, baseline);
    }
}
