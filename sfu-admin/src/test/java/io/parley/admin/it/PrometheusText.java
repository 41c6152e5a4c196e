package io.parley.admin.it;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4 (HELP and TYPE comments, samples
 * with escaped label values, float values including NaN and infinities), as a scraper reads it.
 * Anything it cannot read is an error, so a test using it fails on malformed output.
 */
final class PrometheusText {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") .*");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");

    record Sample(String name, Map<String, String> labels, double value) {}

    final Map<String, String> types = new HashMap<>();
    final List<Sample> samples = new ArrayList<>();

    static PrometheusText parse(String text) {
        PrometheusText p = new PrometheusText();
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                Matcher t = TYPE.matcher(line);
                if (t.matches()) {
                    if (p.types.put(t.group(1), t.group(2)) != null) {
                        throw new IllegalArgumentException("line " + lineNo + ": second TYPE for " + t.group(1));
                    }
                } else if (!HELP.matcher(line).matches() && !line.startsWith("# ")) {
                    throw new IllegalArgumentException("line " + lineNo + ": bad comment: " + line);
                }
                continue;
            }
            p.samples.add(sample(line, lineNo));
        }
        for (Sample s : p.samples) {
            if (p.familyType(s.name()) == null) {
                throw new IllegalArgumentException("sample without a TYPE: " + s.name());
            }
        }
        return p;
    }

    private static Sample sample(String line, int lineNo) {
        Matcher n = NAME.matcher(line);
        if (!n.lookingAt()) {
            throw new IllegalArgumentException("line " + lineNo + ": no metric name: " + line);
        }
        String name = n.group();
        int at = n.end();
        Map<String, String> labels = new LinkedHashMap<>();
        if (at < line.length() && line.charAt(at) == '{') {
            at++;
            while (line.charAt(at) != '}') {
                Matcher l = LABEL.matcher(line).region(at, line.length());
                if (!l.lookingAt()) {
                    throw new IllegalArgumentException("line " + lineNo + ": bad label at " + at + ": " + line);
                }
                labels.put(l.group(1), l.group(2).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\"));
                at = l.end();
                if (line.charAt(at) == ',') {
                    at++;
                }
            }
            at++;
        }
        String[] rest = line.substring(at).strip().split(" ");
        if (rest.length < 1 || rest.length > 2) {
            throw new IllegalArgumentException("line " + lineNo + ": bad value: " + line);
        }
        return new Sample(name, labels, value(rest[0], lineNo));
    }

    private static double value(String v, int lineNo) {
        return switch (v) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("line " + lineNo + ": bad number " + v);
                }
            }
        };
    }

    /** The TYPE of a sample's family: its own name, or without a histogram/summary/counter suffix. */
    String familyType(String sampleName) {
        String t = types.get(sampleName);
        if (t != null) {
            return t;
        }
        for (String suffix : List.of("_total", "_bucket", "_count", "_sum", "_created", "_max")) {
            if (sampleName.endsWith(suffix)) {
                String family = types.get(sampleName.substring(0, sampleName.length() - suffix.length()));
                if (family != null) {
                    return family;
                }
            }
        }
        return null;
    }

    /** The value of the first sample with this name and these labels (others may exist); NaN if none. */
    double value(String name, String... labelPairs) {
        for (Sample s : samples) {
            if (matches(s, name, labelPairs)) {
                return s.value();
            }
        }
        return Double.NaN;
    }

    /** The sum over every sample with this name and these labels (and any others). */
    double sum(String name, String... labelPairs) {
        double sum = 0;
        for (Sample s : samples) {
            if (matches(s, name, labelPairs)) {
                sum += s.value();
            }
        }
        return sum;
    }

    private static boolean matches(Sample s, String name, String... labelPairs) {
        if (!s.name().equals(name)) {
            return false;
        }
        for (int i = 0; i < labelPairs.length; i += 2) {
            if (!labelPairs[i + 1].equals(s.labels().get(labelPairs[i]))) {
                return false;
            }
        }
        return true;
    }
}
