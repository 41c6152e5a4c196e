package io.parley.transport.sdp;

import java.util.regex.Pattern;

/** An ICE candidate as a=candidate writes it (RFC 8839 §5.1). */
public record IceCandidate(String foundation, int component, String transport, long priority, String address,
                           int port, String type) {
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /**
     * Parses "foundation component transport priority address port typ type ..." (the value after
     * "candidate:"). Returns null for anything but a well-formed UDP candidate with a literal IP
     * address: hostnames (e.g. mDNS names) would need a resolver, and TCP is not offered.
     */
    public static IceCandidate parse(String value) {
        String[] f = value.trim().split("\\s+");
        if (f.length < 8 || !f[6].equals("typ") || !f[2].equalsIgnoreCase("udp") || !IP_LITERAL.matcher(f[4]).matches()) {
            return null;
        }
        try {
            int component = Integer.parseInt(f[1]);
            long priority = Long.parseLong(f[3]);
            int port = Integer.parseInt(f[5]);
            if (port < 1 || port > 65535 || priority < 0 || priority > 0xFFFFFFFFL) {
                return null;
            }
            return new IceCandidate(f[0], component, "udp", priority, f[4], port, f[7]);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
