package io.parley.admin.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * GStreamer's webrtcbin (libnice, OpenSSL, libsrtp) as a WHIP publisher or WHEP player: Debian's
 * GStreamer through its Python bindings (src/test/resources/interop/gst_webrtc.py), a process in
 * the test's loopback-only namespace that stops by itself after its given time. Its events (one
 * JSON object per line) are collected here.
 */
final class Gstreamer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Debian's interpreter: python3-gi is installed for it, not for any other python on PATH. */
    private static final String PYTHON = "/usr/bin/python3";

    private final Process process;
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private Gstreamer(List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(PYTHON, script().toString()));
        command.addAll(args);
        process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Thread reader = new Thread(this::read, "gstreamer-events");
        reader.setDaemon(true);
        reader.start();
    }

    /** Publishes a moving test picture (VP8, 320x240, 15 fps) and a tone (Opus). */
    static Gstreamer whip(String url, String token, String bundlePolicy, Duration lifetime) throws IOException {
        return new Gstreamer(List.of("whip", url, "--token", token, "--bundle", bundlePolicy,
                "--seconds", Long.toString(lifetime.toSeconds())));
    }

    /** Plays a publisher's VP8 and Opus, decoding both. */
    static Gstreamer whep(String url, String token, String bundlePolicy, Duration lifetime) throws IOException {
        return new Gstreamer(List.of("whep", url, "--token", token, "--bundle", bundlePolicy,
                "--seconds", Long.toString(lifetime.toSeconds())));
    }

    /** The next event matching, or a failure naming what was seen instead. */
    JsonNode await(Predicate<JsonNode> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("GStreamer: nothing matching within " + timeout + "; it said: " + said());
            }
            if ("error".equals(e.path("event").asText())) {
                throw new AssertionError("GStreamer failed: " + e.path("message").asText() + "; before that: " + said());
            }
            if (match.test(e)) {
                return e;
            }
        }
    }

    /** Waits for the server's answer to be applied; returns the resource's Location. */
    String awaitAnswered() throws InterruptedException {
        return await(e -> "answered".equals(e.path("event").asText()), Duration.ofSeconds(20))
                .path("location").asText();
    }

    /** Waits until the player has decoded at least {@code frames} frames and some audio. */
    JsonNode awaitDecoding(int frames, Duration timeout) throws InterruptedException {
        return await(e -> "stats".equals(e.path("event").asText()) && e.path("framesDecoded").asInt() >= frames
                && e.path("audioBuffers").asInt() > 0, timeout);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode e;
                try {
                    e = JSON.readTree(line);
                } catch (IOException notJson) {
                    continue; // GLib's own messages
                }
                synchronized (seen) {
                    if (seen.size() < 50) {
                        seen.add(line);
                    }
                }
                events.add(e);
            }
        } catch (IOException e) {
            events.add(JSON.createObjectNode().put("event", "error").put("message", "reading its output: " + e));
            return;
        }
        // It ended: whoever waits hears so at once rather than at its timeout.
        String exit = process.isAlive() ? "closed its output" : "exited with " + process.exitValue();
        events.add(JSON.createObjectNode().put("event", "error").put("message", "the GStreamer client " + exit));
    }

    private String said() {
        synchronized (seen) {
            return seen.toString();
        }
    }

    private static Path script() {
        try {
            return Path.of(Gstreamer.class.getResource("/interop/gst_webrtc.py").toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("interop/gst_webrtc.py is not on the test classpath", e);
        }
    }
}
