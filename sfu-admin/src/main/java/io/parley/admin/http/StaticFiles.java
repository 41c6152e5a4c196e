package io.parley.admin.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/** The demo web client, read once from the classpath folder {@code web/}. */
final class StaticFiles {
    record File(byte[] content, String contentType) {}

    private final Map<String, File> files = new HashMap<>();

    StaticFiles() {
        add("/", "index.html", "text/html; charset=utf-8");
        add("/index.html", "index.html", "text/html; charset=utf-8");
        add("/app.js", "app.js", "text/javascript; charset=utf-8");
        add("/style.css", "style.css", "text/css; charset=utf-8");
    }

    File get(String path) {
        return files.get(path);
    }

    private void add(String path, String resource, String contentType) {
        try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream("web/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource web/" + resource);
            }
            files.put(path, new File(in.readAllBytes(), contentType));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
