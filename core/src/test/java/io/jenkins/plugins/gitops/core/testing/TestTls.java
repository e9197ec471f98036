package io.jenkins.plugins.gitops.core.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway certificate authority and a server certificate it signed for 127.0.0.1 only, made in memory for TLS
 * tests: the CA's PEM is what a user would configure, the key store is what the test server presents.
 */
public final class TestTls {

    public static final char[] PASSWORD = "test-keystore".toCharArray();

    private final String caPem;
    private final KeyStore serverKeyStore;

    private TestTls(String caPem, KeyStore serverKeyStore) {
        this.caPem = caPem;
        this.serverKeyStore = serverKeyStore;
    }

    /** A new CA named {@code caName} and a server certificate for the IP address 127.0.0.1. */
    public static TestTls create(String caName) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            KeyPair caKeys = generator.generateKeyPair();
            KeyPair serverKeys = generator.generateKeyPair();
            X500Name ca = new X500Name("CN=" + caName);
            Instant now = Instant.now();
            Date from = Date.from(now.minus(Duration.ofHours(1)));
            Date to = Date.from(now.plus(Duration.ofDays(1)));

            JcaX509v3CertificateBuilder caBuilder = new JcaX509v3CertificateBuilder(ca, BigInteger.ONE, from, to, ca,
                    caKeys.getPublic());
            caBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            caBuilder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            X509Certificate caCertificate = sign(caBuilder, caKeys);

            JcaX509v3CertificateBuilder serverBuilder = new JcaX509v3CertificateBuilder(ca, BigInteger.TWO, from, to,
                    new X500Name("CN=127.0.0.1"), serverKeys.getPublic());
            serverBuilder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
            serverBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            X509Certificate serverCertificate = sign(serverBuilder, caKeys);

            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", serverKeys.getPrivate(), PASSWORD,
                    new Certificate[] {serverCertificate, caCertificate});
            StringWriter pem = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
                writer.writeObject(caCertificate);
            }
            return new TestTls(pem.toString(), store);
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create the test CA", e);
        }
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, KeyPair issuer)
            throws GeneralSecurityException, OperatorCreationException {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
    }

    /** The CA certificate, PEM encoded, as a user pastes it into a configuration. */
    public String caPem() {
        return caPem;
    }

    /** The server's key and certificate chain, protected by {@link #PASSWORD}. */
    public KeyStore serverKeyStore() {
        return serverKeyStore;
    }
}
