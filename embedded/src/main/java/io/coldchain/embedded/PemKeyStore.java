package io.coldchain.embedded;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a PEM certificate and private key into a PKCS#12 key store, because HiveMQ CE's TLS listener
 * reads only key stores (it opens them as {@code JKS}, which Java 9+ reads in PKCS#12 form too).
 * The store gets a fresh random password at every start; it lives next to the broker's generated
 * configuration, readable by this user only, and is rewritten from the PEM files at each start
 * (a renewed certificate takes effect at the next restart).
 */
final class PemKeyStore {
    static final String ALIAS = "coldchain-broker";
    private static final Pattern KEY_BLOCK =
            Pattern.compile("-----BEGIN ([A-Z ]*)PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END \\1PRIVATE KEY-----");
    private static final String CONVERT =
            "convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY.pem -out key-pkcs8.pem";

    private PemKeyStore() {}

    /** A random password for a key store that only this process reads. */
    static String newPassword() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /**
     * Writes {@code out} (PKCS#12) holding the key and the certificate chain.
     *
     * @throws IllegalArgumentException naming the file and what to do when a PEM file is not usable
     */
    static void write(Path certPem, Path keyPem, Path out, String password) throws IOException {
        Certificate[] chain = certificates(certPem);
        PrivateKey key = privateKey(keyPem);
        if (key instanceof RSAPrivateCrtKey rsa
                && chain[0].getPublicKey() instanceof RSAPublicKey pub
                && !rsa.getModulus().equals(pub.getModulus())) {
            throw new IllegalArgumentException(
                    "the private key " + keyPem + " does not belong to the certificate " + certPem);
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, key, password.toCharArray(), chain);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            store.store(bytes, password.toCharArray());
            writePrivate(out, bytes.toByteArray());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the broker's key store: " + e.getMessage(), e);
        }
    }

    /** Writes a file readable by this user only (where the file system knows POSIX permissions). */
    static void writePrivate(Path file, byte[] content) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        try (OutputStream o = Files.newOutputStream(file, StandardOpenOption.TRUNCATE_EXISTING)) {
            o.write(content);
        }
    }

    private static Certificate[] certificates(Path pem) throws IOException {
        try {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(pem)));
            if (certs.isEmpty()) {
                throw new IllegalArgumentException(
                        pem + " holds no certificate (expected -----BEGIN CERTIFICATE-----)");
            }
            return certs.toArray(Certificate[]::new);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(pem + " is not a PEM certificate: " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path pem) throws IOException {
        Matcher m = KEY_BLOCK.matcher(Files.readString(pem, StandardCharsets.US_ASCII));
        if (!m.find()) {
            throw new IllegalArgumentException(
                    pem + " holds no PEM private key (expected -----BEGIN PRIVATE KEY-----)");
        }
        String kind = m.group(1).trim();
        byte[] der = Base64.getMimeDecoder().decode(m.group(2));
        byte[] pkcs8 = switch (kind) {
            case "" -> der;
            case "RSA" -> rsaPkcs1ToPkcs8(der);
            default ->
                throw new IllegalArgumentException(pem + " holds a \"" + kind + " PRIVATE KEY\"; an unencrypted PKCS#8 "
                        + "or RSA key is needed: " + CONVERT);
        };
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // not this algorithm; try the next
            }
        }
        throw new IllegalArgumentException(pem + " holds a private key of an unsupported kind: " + CONVERT);
    }

    /** PKCS#1 {@code RSAPrivateKey} wrapped as PKCS#8 {@code PrivateKeyInfo} (version 0, rsaEncryption). */
    private static byte[] rsaPkcs1ToPkcs8(byte[] pkcs1) {
        byte[] algorithm = {
            0x30,
            0x0d,
            0x06,
            0x09,
            0x2a,
            (byte) 0x86,
            0x48,
            (byte) 0x86,
            (byte) 0xf7,
            0x0d,
            0x01,
            0x01,
            0x01,
            0x05,
            0x00
        };
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octets = der(0x04, pkcs1);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(version);
        body.writeBytes(algorithm);
        body.writeBytes(octets);
        return der(0x30, body.toByteArray());
    }

    private static byte[] der(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            byte[] len = BigInteger.valueOf(n).toByteArray();
            int skip = len[0] == 0 ? 1 : 0;
            out.write(0x80 | (len.length - skip));
            out.write(len, skip, len.length - skip);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
