package io.parley.admin.e2e;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made for one test, and server certificates for 127.0.0.1 it signs,
 * written as the PEM files an operator would configure. Browsers are given the CA itself
 * ({@link #trustInNssDb}), not a switch that ignores certificate errors.
 */
final class TestCa {
    private final KeyPair key;
    private final X509Certificate certificate;
    private long serial = 1;

    TestCa() throws GeneralSecurityException, OperatorCreationException {
        key = ecKey();
        X500Name name = new X500Name("CN=Parley test CA");
        JcaX509v3CertificateBuilder b = builder(name, name, key);
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        certificate = sign(b, key);
    }

    X509Certificate certificate() {
        return certificate;
    }

    /**
     * Writes a new server certificate for 127.0.0.1 and localhost with its PKCS#8 key: each file
     * replaced whole (written aside, then moved), as a renewal tool does. Returns its serial.
     */
    BigInteger issueServer(Path certificateFile, Path keyFile) throws GeneralSecurityException,
            OperatorCreationException, IOException {
        KeyPair server = ecKey();
        JcaX509v3CertificateBuilder b = builder(new X500Name("CN=Parley test CA"), new X500Name("CN=127.0.0.1"), server);
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        X509Certificate leaf = sign(b, key);
        replace(keyFile, pem("PRIVATE KEY", server.getPrivate().getEncoded()));
        replace(certificateFile, pem("CERTIFICATE", leaf.getEncoded()));
        return leaf.getSerialNumber();
    }

    /** A fresh NSS database under {@code home} that trusts this CA for TLS servers, as Chromium reads it. */
    void trustInNssDb(Path home) throws IOException, InterruptedException, GeneralSecurityException {
        Path db = Files.createDirectories(home.resolve(".pki/nssdb"));
        Path ca = home.resolve("test-ca.pem");
        Files.writeString(ca, pem("CERTIFICATE", certificate.getEncoded()));
        run("certutil", "-N", "-d", "sql:" + db, "--empty-password");
        run("certutil", "-A", "-d", "sql:" + db, "-n", "parley-test-ca", "-t", "C,,", "-i", ca.toString());
    }

    private JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair subjectKey) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(serial++),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject,
                subjectKey.getPublic());
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder b, KeyPair issuerKey)
            throws GeneralSecurityException, OperatorCreationException {
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
    }

    private static KeyPair ecKey() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void replace(Path file, String content) throws IOException {
        Path aside = file.resolveSibling(file.getFileName() + ".new");
        Files.writeString(aside, content);
        Files.move(aside, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("cannot run certutil: install libnss3-tools (.ci/run does)", e);
        }
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish within 10 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }
}
