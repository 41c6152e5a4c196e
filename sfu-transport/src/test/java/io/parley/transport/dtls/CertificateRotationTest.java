package io.parley.transport.dtls;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class CertificateRotationTest {
    private Instant now = Instant.parse("2026-12-01T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void aNewCertificateOnceHalfTheLifetimeHasPassed() {
        CertificateRotation rotation = new CertificateRotation("parley", Duration.ofDays(8), clock);
        DtlsCertificate first = rotation.current();
        now = now.plus(Duration.ofDays(3));
        assertSame(first, rotation.current(), "still in its first half");
        now = now.plus(Duration.ofDays(1));
        DtlsCertificate second = rotation.current();
        assertNotEquals(first.fingerprint(), second.fingerprint(), "renewed at half of 8 days");
        assertSame(second, rotation.current());
    }

    @Test
    void aLifetimeTooShortToUseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CertificateRotation("x", Duration.ofSeconds(30), clock));
    }
}
