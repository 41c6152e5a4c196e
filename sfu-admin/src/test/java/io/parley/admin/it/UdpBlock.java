package io.parley.admin.it;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drops every datagram to and from one local UDP port, as a network that goes dead would: nftables
 * rules in the test's own network namespace (failsafe runs each IT JVM in one, see .ci/netns-jdk),
 * so nothing outside it is touched. On loopback every datagram passes the output hook once, so
 * rules there cut both directions. Closing lifts the block.
 */
public final class UdpBlock implements AutoCloseable {
    private static final String TABLE = "parley_test";
    private static final Pattern COUNTER = Pattern.compile("counter packets (\\d+)");

    private UdpBlock() {
    }

    static UdpBlock port(int port) throws IOException, InterruptedException {
        return withRules(List.of(List.of("udp", "sport", Integer.toString(port)),
                List.of("udp", "dport", Integer.toString(port))));
    }

    /**
     * Drops the datagrams {@code address} sends to each of {@code ports}, and nothing else: a
     * client on that address loses its UDP to them while a relay on another loopback address
     * still reaches them.
     */
    public static UdpBlock from(String address, int... ports) throws IOException, InterruptedException {
        List<List<String>> rules = new ArrayList<>();
        for (int port : ports) {
            rules.add(List.of("ip", "saddr", address, "udp", "dport", Integer.toString(port)));
        }
        return withRules(rules);
    }

    private static UdpBlock withRules(List<List<String>> matches) throws IOException, InterruptedException {
        nft("add", "table", "inet", TABLE);
        nft("add", "chain", "inet", TABLE, "out", "{ type filter hook output priority 0 ; policy accept ; }");
        UdpBlock block = new UdpBlock();
        try {
            for (List<String> match : matches) {
                List<String> rule = new ArrayList<>(List.of("add", "rule", "inet", TABLE, "out"));
                rule.addAll(match);
                rule.addAll(List.of("counter", "drop"));
                nft(rule.toArray(String[]::new));
            }
        } catch (IOException e) {
            block.close();
            throw e;
        }
        return block;
    }

    /** Datagrams the block has dropped so far: a test shows with it that the network really was cut. */
    public long dropped() throws IOException, InterruptedException {
        Matcher m = COUNTER.matcher(nft("list", "chain", "inet", TABLE, "out"));
        long sum = 0;
        while (m.find()) {
            sum += Long.parseLong(m.group(1));
        }
        return sum;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        nft("flush", "chain", "inet", TABLE, "out");
    }

    private static String nft(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("nft"));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("cannot run nft: install nftables (.ci/run does)", e);
        }
        // nft says a few lines at most, well within the pipe's buffer: wait first, then read.
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish within 10 s");
        }
        String out = new String(p.getInputStream().readAllBytes());
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
