package io.parley.admin.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.parley.core.room.MediaSettings;
import io.parley.transport.ice.IceSettings;

/**
 * Everything the server reads from config, validated.
 *
 * @param http     where the HTTP/WebSocket server listens
 * @param ice      the media UDP endpoint
 * @param media    codec preferences
 * @param sessions timeouts of participants and handshakes
 * @param eventLoops number of room event loops (0 = number of cores)
 * @param metricsPort   -1: /metrics on the HTTP port; else a port serving only metrics (0: any free one)
 * @param shutdownGrace on SIGTERM, how long connected participants get before the server closes
 * @param auth          how join and admin tokens are verified
 * @param limits        what one server, room, identity, address or connection may take
 * @param turn          the TURN relays clients are told of, with the secret their credentials come from
 */
public record ParleyConfig(Http http, IceSettings ice, Media media, Sessions sessions, int eventLoops,
                           int metricsPort, Duration shutdownGrace, Auth auth, Limits limits, Turn turn) {

    /**
     * @param urls     turn:/turns: URIs (RFC 7065) handed to clients; empty: none
     * @param secret   the TURN server's shared secret for the TURN REST credentials
     * @param credentialLifetime how long the credentials a client gets stay valid
     */
    public record Turn(List<String> urls, String secret, Duration credentialLifetime) {
        public Turn {
            urls = List.copyOf(urls);
        }

        @Override
        public String toString() {
            return "Turn[urls=" + urls + ", secret=" + (secret.isEmpty() ? "none" : "(hidden)")
                    + ", credentialLifetime=" + credentialLifetime + "]";
        }
    }

    /**
     * Bounds on what clients can make the server hold; each refusal is an error to the client and
     * a count in {@code parley_limits_refused_total}.
     *
     * @param rooms                 rooms at once
     * @param participantsPerRoom   members of one room at once
     * @param sessionsPerIdentity   signalling sessions in rooms at once per token subject
     * @param tracksPerParticipant  tracks one participant may publish
     * @param connections           open HTTP and WebSocket connections
     * @param connectionsPerAddress open connections from one IP address
     * @param messagesPerSecond     signalling messages per WebSocket per second (bursts of twice that)
     * @param pendingHandshakes     DTLS handshakes waiting for a handshake thread
     * @param websocketSendBufferBytes signalling a client has not read yet before its socket is closed
     * @param idleTimeout           a connection that sends nothing (not even a WebSocket pong) for this long is closed
     */
    public record Limits(int rooms, int participantsPerRoom, int sessionsPerIdentity, int tracksPerParticipant,
                         int layersPerTrack, int mediaSections, int connections,
                         int connectionsPerAddress, int messagesPerSecond, int messageBytes, int pendingHandshakes,
                         int websocketSendBufferBytes, Duration idleTimeout) {}

    /**
     * @param secret   HS256 key of the join tokens; empty only in dev mode, which then makes one up
     * @param devMode  print a ready token for the demo page at startup (never in production)
     * @param issuer   the {@code iss} tokens must carry, or empty for any
     * @param audience the {@code aud} tokens must name, or empty for any
     */
    public record Auth(String secret, boolean devMode, String issuer, String audience) {
        @Override
        public String toString() {
            return "Auth[secret=" + (secret.isEmpty() ? "none" : "(hidden)") + ", devMode=" + devMode
                    + ", issuer=" + issuer + ", audience=" + audience + "]";
        }
    }

    /** @param tls HTTPS and WSS on the port, or null for plain HTTP */
    public record Http(String host, int port, Tls tls) {
        public Http {
            ConfigLoader.requirePort("parley.http.port", port);
        }
    }

    /**
     * @param certificate the PEM certificate chain, leaf first
     * @param privateKey  its PEM (PKCS#8) private key
     * @param reloadCheck how often both files are checked for a change
     */
    public record Tls(Path certificate, Path privateKey, Duration reloadCheck) {}

    /**
     * @param audioCodecs codec names in the order the server prefers them (RFC 3264 §6.1: the
     *                    answer's choice), likewise videoCodecs
     * @param repair      NACK handling and the packet cache
     * @param publisherStartKbps where publishing browsers start their bandwidth estimate (0: their default)
     */
    public record Media(List<String> audioCodecs, List<String> videoCodecs, MediaSettings repair,
                        int publisherStartKbps) {
        public Media {
            audioCodecs = List.copyOf(audioCodecs);
            videoCodecs = List.copyOf(videoCodecs);
        }
    }

    /**
     * @param silenceTimeout   a participant from whom nothing (media, RTCP) arrived for this long is removed
     * @param handshakeTimeout a DTLS handshake must finish within this time
     * @param handshakeThreads threads running blocking DTLS handshakes
     * @param certificateLifetime validity of the server's DTLS certificate; a new one is made at half of it
     */
    public record Sessions(Duration silenceTimeout, Duration handshakeTimeout, int handshakeThreads,
                           Duration certificateLifetime) {}
}
