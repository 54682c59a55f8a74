package io.coldchain.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed RSA certificate for {@code localhost} and {@code 127.0.0.1}, made by the JDK's own
 * {@code keytool} in a directory of the test's, written as the PEM pair a server is configured with
 * ({@code cert.pem}, {@code key.pem} in PKCS#8), with an {@link SSLContext} that trusts exactly it.
 */
public final class SelfSignedPem {
    private static final String STORE_PASSWORD = "test-only-password";

    private final Path certificate;
    private final Path privateKey;
    private final X509Certificate x509;

    private SelfSignedPem(Path certificate, Path privateKey, X509Certificate x509) {
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.x509 = x509;
    }

    /** Generates a fresh pair in {@code dir}. */
    public static SelfSignedPem create(Path dir) {
        try {
            Path store = dir.resolve("self-signed.p12");
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process p = new ProcessBuilder(List.of(
                            keytool.toString(),
                            "-genkeypair",
                            "-keyalg",
                            "RSA",
                            "-keysize",
                            "2048",
                            "-alias",
                            "server",
                            "-dname",
                            "CN=localhost",
                            "-ext",
                            "SAN=DNS:localhost,IP:127.0.0.1",
                            "-validity",
                            "2",
                            "-storetype",
                            "PKCS12",
                            "-keystore",
                            store.toString(),
                            "-storepass",
                            STORE_PASSWORD,
                            "-keypass",
                            STORE_PASSWORD))
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + out);
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                ks.load(in, STORE_PASSWORD.toCharArray());
            }
            X509Certificate cert = (X509Certificate) ks.getCertificate("server");
            PrivateKey key = (PrivateKey) ks.getKey("server", STORE_PASSWORD.toCharArray());
            Path certPem = Files.writeString(dir.resolve("cert.pem"), pem("CERTIFICATE", cert.getEncoded()));
            Path keyPem = Files.writeString(dir.resolve("key.pem"), pem("PRIVATE KEY", key.getEncoded()));
            return new SelfSignedPem(certPem, keyPem, cert);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a self-signed certificate: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    public Path certificate() {
        return certificate;
    }

    public Path privateKey() {
        return privateKey;
    }

    /** A TLS context that trusts this certificate and nothing else. */
    public SSLContext trustingContext() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("server", x509);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
