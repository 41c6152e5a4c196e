package io.parley.transport.dtls;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The server's DTLS certificate, made anew once half its validity has passed, so a server that
 * runs for months never hands out an expired one and a stolen key is good for a bounded time. A
 * transport keeps the certificate it was made with (its SDP carries that fingerprint), which is
 * still valid for at least half the lifetime.
 */
public final class CertificateRotation {
    private final String commonName;
    private final Duration lifetime;
    private final Clock clock;
    private DtlsCertificate current;
    private Instant madeAt;

    public CertificateRotation(String commonName, Duration lifetime, Clock clock) {
        if (lifetime.toMinutes() < 2) {
            throw new IllegalArgumentException("a certificate lifetime under 2 minutes: " + lifetime);
        }
        this.commonName = commonName;
        this.lifetime = lifetime;
        this.clock = clock;
        renew(clock.instant());
    }

    /** The certificate a new transport should use. */
    public synchronized DtlsCertificate current() {
        Instant now = clock.instant();
        if (Duration.between(madeAt, now).compareTo(lifetime.dividedBy(2)) >= 0) {
            renew(now);
        }
        return current;
    }

    private void renew(Instant now) {
        current = DtlsCertificate.generate(commonName, lifetime);
        madeAt = now;
    }
}
