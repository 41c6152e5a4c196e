package io.parley.transport.sdp;

import java.util.List;

/** Our ICE credentials, DTLS fingerprint and candidates, written into every accepted m-line. */
public record LocalIce(String ufrag, String pwd, String fingerprintAlgorithm, String fingerprint,
                       List<IceCandidate> candidates) {
    public LocalIce {
        candidates = List.copyOf(candidates);
    }
}
