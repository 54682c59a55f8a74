package io.coldchain.api;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token signing keys kept in the data directory, as a JSON Web Key Set (RFC 7517) of
 * {@code oct} keys: a standard format that other tools can read, one key per rotation.
 *
 * <p>Several processes may use one data directory (the server and the {@code token} command), so
 * every change happens under a file lock, re-reads the file first, and replaces it atomically
 * (write a temporary file, then rename): a reader sees the old or the new set, never half of one.
 * The file and its directory are readable by the owner only where the file system has POSIX
 * permissions.
 */
final class KeyFile {
    static final String DIRECTORY = "keys";
    static final String FILE_NAME = "jwt-keys.json";
    private static final Logger LOG = LoggerFactory.getLogger(KeyFile.class);
    /** FileLock is held per JVM, not per thread: threads of one JVM queue here first. */
    private static final Object JVM_LOCK = new Object();

    /** What {@link #stamp} returns: enough to notice that another process changed the file. */
    record Stamp(FileTime modified, long size) {}

    private final Path dir;
    private final Path file;
    private final boolean posix;

    KeyFile(Path dataDir) {
        this.dir = dataDir.resolve(DIRECTORY);
        this.file = dir.resolve(FILE_NAME);
        this.posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    Path path() {
        return file;
    }

    /** The keys, oldest first; creates the file with one new key when there is none yet. */
    List<SigningKey> loadOrCreate(Instant now) throws IOException {
        if (Files.exists(file)) {
            warnIfReadableByOthers();
            return read();
        }
        return update(keys -> keys.isEmpty() ? List.of(SigningKey.generate(now)) : keys);
    }

    /** The keys as the file holds them now, oldest first. */
    List<SigningKey> read() throws IOException {
        String json = Files.readString(file, StandardCharsets.UTF_8);
        List<SigningKey> keys = new ArrayList<>();
        try {
            for (JWK jwk : JWKSet.parse(json).getKeys()) {
                if (!(jwk instanceof OctetSequenceKey oct) || jwk.getKeyID() == null) {
                    throw new IOException(file + ": every key must be an 'oct' key with a 'kid'");
                }
                Instant created = jwk.getIssueTime() == null
                        ? Instant.EPOCH
                        : jwk.getIssueTime().toInstant();
                keys.add(new SigningKey(jwk.getKeyID(), oct.toByteArray(), created));
            }
        } catch (ParseException | IllegalArgumentException e) {
            throw new IOException(file + " is not a valid key set: " + e.getMessage(), e);
        }
        if (keys.isEmpty()) {
            throw new IOException(file + " holds no keys");
        }
        // Stable sort: keys made in the same second keep their order in the file.
        keys.sort(Comparator.comparing(SigningKey::created));
        return List.copyOf(keys);
    }

    /**
     * Applies {@code change} to the keys as the file holds them now (empty when there is no file), under the
     * lock, and writes the result unless {@code change} returned its argument; returns the result.
     */
    List<SigningKey> update(UnaryOperator<List<SigningKey>> change) throws IOException {
        synchronized (JVM_LOCK) {
            createDirectory();
            try (FileChannel channel = FileChannel.open(
                            dir.resolve(FILE_NAME + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                List<SigningKey> current = Files.exists(file) ? read() : List.of();
                List<SigningKey> changed = change.apply(current);
                if (changed != current) { // the change returns the very same list when there is nothing to do
                    write(changed);
                }
                return changed;
            }
        }
    }

    Stamp stamp() throws IOException {
        return new Stamp(Files.getLastModifiedTime(file), Files.size(file));
    }

    private void write(List<SigningKey> keys) throws IOException {
        List<JWK> jwks = new ArrayList<>();
        for (SigningKey k : keys) {
            jwks.add(new OctetSequenceKey.Builder(k.secret())
                    .keyID(k.kid())
                    .algorithm(JWSAlgorithm.HS256)
                    .issueTime(Date.from(k.created()))
                    .build());
        }
        Path tmp = posix
                ? Files.createTempFile(dir, FILE_NAME, ".tmp", PosixFilePermissions.asFileAttribute(ownerOnly(false)))
                : Files.createTempFile(dir, FILE_NAME, ".tmp");
        try {
            // toString(false): with the secrets, which is the point of this file.
            Files.writeString(tmp, new JWKSet(jwks).toString(false), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private void createDirectory() throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (posix) {
            FileAttribute<Set<PosixFilePermission>> attr = PosixFilePermissions.asFileAttribute(ownerOnly(true));
            Files.createDirectories(dir, attr);
        } else {
            Files.createDirectories(dir);
        }
    }

    private void warnIfReadableByOthers() {
        if (!posix) {
            return;
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (!ownerOnly(false).containsAll(perms)) {
                LOG.warn(
                        "{} is readable by others ({}); anyone who reads it can make API tokens. Run: chmod 600 {}",
                        file,
                        PosixFilePermissions.toString(perms),
                        file);
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("Cannot read the permissions of {}: {}", file, e.toString());
        }
    }

    private static Set<PosixFilePermission> ownerOnly(boolean directory) {
        return PosixFilePermissions.fromString(directory ? "rwx------" : "rw-------");
    }
}
