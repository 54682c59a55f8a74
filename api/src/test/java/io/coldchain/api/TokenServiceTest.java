package io.coldchain.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.coldchain.core.config.AuthOptions;
import io.coldchain.core.config.ConfigException;
import io.coldchain.core.error.ColdchainException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenServiceTest {
    private static final AuthOptions FROM_FILE = new AuthOptions(Optional.empty(), Duration.ofHours(12));
    private static final String SECRET = "a-configured-secret-of-at-least-32-bytes!";

    @TempDir
    Path dataDir;

    private TokenService service() {
        return new TokenService(FROM_FILE, dataDir);
    }

    @Test
    void issuedTokenVerifiesWithItsClaims() {
        TokenService tokens = service();
        Principal qa = tokens.verify(tokens.issue("acme", "qa", Optional.empty(), Duration.ofHours(1)));
        assertThat(qa.tenant()).isEqualTo("acme");
        assertThat(qa.role()).isEqualTo("qa");
        assertThat(qa.region()).isEmpty();
        assertThat(qa.subject()).startsWith("qa@acme#");

        Principal regulator =
                tokens.verify(tokens.issue("sh-amr", "regulator", Optional.of("320300"), Duration.ofDays(30)));
        assertThat(regulator.role()).isEqualTo("regulator");
        assertThat(regulator.region()).contains("320300");
    }

    @Test
    void tokenCarriesIssuerExpiryAndKeyId() throws Exception {
        TokenService tokens = service();
        Instant before = Instant.now().minusSeconds(1);
        SignedJWT jwt = SignedJWT.parse(tokens.issue("acme", "admin", Optional.empty(), Duration.ofMinutes(10)));
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(tokens.signingKeyId());
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("coldchain");
        assertThat(claims.getIssueTime().toInstant())
                .isAfterOrEqualTo(before.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(Duration.between(
                        claims.getIssueTime().toInstant(),
                        claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofMinutes(10));
        assertThat(claims.getStringClaim("tenant")).isEqualTo("acme");
        assertThat(claims.getStringClaim("role")).isEqualTo("admin");
        assertThat(claims.getClaim("region")).isNull();
    }

    @Test
    void issueRefusesBadRequests() {
        TokenService tokens = service();
        Duration hour = Duration.ofHours(1);
        assertBadRequest(() -> tokens.issue("bad tenant", "qa", Optional.empty(), hour), "tenant");
        assertBadRequest(() -> tokens.issue("acme", "gateway", Optional.empty(), hour), "gateways use MQTT");
        assertBadRequest(() -> tokens.issue("acme", "root", Optional.empty(), hour), "role");
        assertBadRequest(() -> tokens.issue("acme", "regulator", Optional.empty(), hour), "needs a region");
        assertBadRequest(() -> tokens.issue("acme", "regulator", Optional.of("3203a0"), hour), "region");
        assertBadRequest(() -> tokens.issue("acme", "regulator", Optional.of("1"), hour), "region");
        assertBadRequest(() -> tokens.issue("acme", "qa", Optional.of("320300"), hour), "regulator tokens only");
        assertBadRequest(() -> tokens.issue("acme", "qa", Optional.empty(), Duration.ZERO), "ttl");
        assertBadRequest(() -> tokens.issue("acme", "qa", Optional.empty(), Duration.ofDays(367)), "ttl");
        assertThat(tokens.issue("acme", "qa", Optional.empty(), Duration.ofDays(366)))
                .isNotBlank();
    }

    @Test
    void expiredTokenIsRefused() {
        // Issued two hours ago for one hour, with the same keys (same data directory).
        Clock past = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
        String expired =
                new TokenService(FROM_FILE, dataDir, past).issue("acme", "qa", Optional.empty(), Duration.ofHours(1));
        assertUnauthorized(() -> service().verify(expired), "expired");
    }

    @Test
    void expiryIsExactWithoutLeeway() {
        Instant issued = Instant.parse("2026-11-21T08:00:00Z");
        String token = new TokenService(FROM_FILE, dataDir, Clock.fixed(issued, ZoneOffset.UTC))
                .issue("acme", "qa", Optional.empty(), Duration.ofMinutes(5));
        Instant exp = issued.plus(Duration.ofMinutes(5));
        assertThat(new TokenService(FROM_FILE, dataDir, Clock.fixed(exp.minusMillis(1), ZoneOffset.UTC))
                        .verify(token)
                        .tenant())
                .isEqualTo("acme");
        assertUnauthorized(
                () -> new TokenService(FROM_FILE, dataDir, Clock.fixed(exp, ZoneOffset.UTC)).verify(token), "expired");
    }

    @Test
    void tamperedTokensAreRefused() {
        TokenService tokens = service();
        String token = tokens.issue("acme", "qa", Optional.empty(), Duration.ofHours(1));
        String[] parts = token.split("\\.");

        // Another tenant in the claims, original signature.
        String otherTenant = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"acme\"", "\"other\"");
        String forged = parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(otherTenant.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        assertUnauthorized(() -> tokens.verify(forged), "signature");

        // One signature character changed.
        char c = parts[2].charAt(5);
        String badSignature = parts[0] + "." + parts[1] + "." + parts[2].substring(0, 5) + (c == 'A' ? 'B' : 'A')
                + parts[2].substring(6);
        assertUnauthorized(() -> tokens.verify(badSignature), "signature");

        // No signature at all ("alg": "none" style).
        assertUnauthorized(() -> tokens.verify(parts[0] + "." + parts[1] + "."), "");
        assertUnauthorized(() -> tokens.verify("not-a-token"), "malformed");
        assertUnauthorized(() -> tokens.verify(""), "malformed");
    }

    @Test
    void tokenFromAnotherKeyIsRefused(@TempDir Path otherDir) {
        String foreign =
                new TokenService(FROM_FILE, otherDir).issue("acme", "admin", Optional.empty(), Duration.ofHours(1));
        assertUnauthorized(() -> service().verify(foreign), "unknown");
    }

    @Test
    void wrongIssuerAndAlgorithmAreRefused() throws Exception {
        TokenService tokens = new TokenService(new AuthOptions(Optional.of(SECRET), Duration.ofHours(1)), dataDir);
        Date exp = Date.from(Instant.now().plus(Duration.ofHours(1)));
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject("x")
                .issuer("someone-else")
                .expirationTime(exp)
                .claim("tenant", "acme")
                .claim("role", "admin")
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("configured").build(), claims);
        jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        assertUnauthorized(() -> tokens.verify(jwt.serialize()), "issued by");

        byte[] longSecret = (SECRET + SECRET).getBytes(StandardCharsets.UTF_8);
        SignedJWT hs512 = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS512).keyID("configured").build(),
                new JWTClaimsSet.Builder(claims).issuer("coldchain").build());
        hs512.sign(new MACSigner(longSecret));
        assertUnauthorized(() -> tokens.verify(hs512.serialize()), "HS256");
    }

    @Test
    void configuredSecretSignsWithKidConfigured() throws Exception {
        AuthOptions configured = new AuthOptions(Optional.of(SECRET), Duration.ofHours(1));
        TokenService tokens = new TokenService(configured, dataDir);
        String token = tokens.issue("acme", "qa", Optional.empty(), Duration.ofHours(1));
        assertThat(SignedJWT.parse(token).getHeader().getKeyID()).isEqualTo("configured");
        // Another process with the same configuration accepts it; no key file is made.
        assertThat(new TokenService(configured, dataDir).verify(token).role()).isEqualTo("qa");
        assertThat(dataDir.resolve("keys")).doesNotExist();
        assertThatThrownBy(tokens::rotate)
                .isInstanceOf(ColdchainException.class)
                .hasMessageContaining("configured");
        assertThatThrownBy(() -> new TokenService(new AuthOptions(Optional.of("short"), Duration.ofHours(1)), dataDir))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void keyFileIsCreatedOnceOwnerOnlyAndSharedAcrossInstances() throws Exception {
        TokenService first = service();
        Path file = dataDir.resolve("keys").resolve("jwt-keys.json");
        assertThat(file).exists();
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
        }
        String token = first.issue("acme", "qa", Optional.empty(), Duration.ofHours(1));
        String content = Files.readString(file);

        TokenService second = service();
        assertThat(Files.readString(file)).isEqualTo(content);
        assertThat(second.signingKeyId()).isEqualTo(first.signingKeyId());
        assertThat(second.verify(token).tenant()).isEqualTo("acme");
    }

    @Test
    void rotationKeepsOldTokensValidAndSignsWithTheNewKey() throws Exception {
        TokenService tokens = service();
        String oldKid = tokens.signingKeyId();
        String oldToken = tokens.issue("acme", "qa", Optional.empty(), Duration.ofHours(1));

        String newKid = tokens.rotate();
        assertThat(newKid).isNotEqualTo(oldKid);
        assertThat(tokens.signingKeyId()).isEqualTo(newKid);
        assertThat(tokens.keyIds()).containsExactly(oldKid, newKid);
        String newToken = tokens.issue("acme", "qa", Optional.empty(), Duration.ofHours(1));
        assertThat(SignedJWT.parse(newToken).getHeader().getKeyID()).isEqualTo(newKid);
        assertThat(tokens.verify(oldToken).tenant()).isEqualTo("acme");
        assertThat(tokens.verify(newToken).tenant()).isEqualTo("acme");

        // The rotation is in the file: a new instance (a restart, the token command) has both keys.
        TokenService restarted = service();
        assertThat(restarted.keyIds()).containsExactly(oldKid, newKid);
        assertThat(restarted.verify(oldToken).tenant()).isEqualTo("acme");
        assertThat(SignedJWT.parse(restarted.issue("acme", "qa", Optional.empty(), Duration.ofHours(1)))
                        .getHeader()
                        .getKeyID())
                .isEqualTo(newKid);

        // Removing the old key ends its tokens; the signing key cannot be removed.
        assertThatThrownBy(() -> restarted.remove(newKid))
                .isInstanceOf(ColdchainException.class)
                .satisfies(e -> assertThat(((ColdchainException) e).status()).isEqualTo(409));
        restarted.remove(oldKid);
        assertUnauthorized(() -> restarted.verify(oldToken), "unknown");
        assertThat(restarted.verify(newToken).tenant()).isEqualTo("acme");
        assertThat(service().keyIds()).containsExactly(newKid);
    }

    @Test
    void runningServiceSeesKeysAddedByAnotherProcess() {
        Instant t0 = Instant.parse("2026-11-21T08:00:00Z");
        MutableClock clock = new MutableClock(t0);
        TokenService server = new TokenService(FROM_FILE, dataDir, clock);
        TokenService tokenCommand = new TokenService(FROM_FILE, dataDir, clock);
        tokenCommand.rotate();
        String token = tokenCommand.issue("acme", "qa", Optional.empty(), Duration.ofHours(1));

        // Within the reload interval the server may not know the new key yet; after it, it must.
        clock.now = t0.plus(TokenService.RELOAD_CHECK).plusSeconds(1);
        assertThat(server.verify(token).tenant()).isEqualTo("acme");
    }

    @Test
    void runningServiceRefusesTokensOfAKeyAnotherProcessRemoved() {
        Instant t0 = Instant.parse("2026-11-21T08:00:00Z");
        MutableClock clock = new MutableClock(t0);
        TokenService server = new TokenService(FROM_FILE, dataDir, clock);
        String oldToken = server.issue("acme", "qa", Optional.empty(), Duration.ofHours(2));
        String oldKid = server.signingKeyId();
        assertThat(server.verify(oldToken).tenant()).isEqualTo("acme");

        // The token command (another process) rotates, then removes the old key.
        TokenService tokenCommand = new TokenService(FROM_FILE, dataDir, clock);
        tokenCommand.rotate();
        tokenCommand.remove(oldKid);
        String newToken = tokenCommand.issue("acme", "qa", Optional.empty(), Duration.ofHours(2));

        // Once the server has looked at the key file again, the removed key's tokens are refused.
        clock.now = t0.plus(TokenService.RELOAD_CHECK).plusSeconds(1);
        assertUnauthorized(() -> server.verify(oldToken), "unknown or removed key");
        assertThat(server.verify(newToken).tenant()).isEqualTo("acme");
        assertThat(server.keyIds()).doesNotContain(oldKid);
    }

    @Test
    void aTokenExpiresWhileTheServerRuns() {
        Instant t0 = Instant.parse("2026-11-21T08:00:00Z");
        MutableClock clock = new MutableClock(t0);
        TokenService server = new TokenService(FROM_FILE, dataDir, clock);
        String token = server.issue("sh-amr", "regulator", Optional.of("320300"), Duration.ofMinutes(30));
        clock.now = t0.plus(Duration.ofMinutes(29));
        assertThat(server.verify(token).region()).contains("320300");
        clock.now = t0.plus(Duration.ofMinutes(30));
        assertUnauthorized(() -> server.verify(token), "expired");
    }

    /**
     * The token command never issues a regulator token without a region, but one signed with our key
     * is authentic: it verifies, with no region prefix, and the access policy lets it read nothing.
     * A region that is not a region code is refused.
     */
    @Test
    void regulatorTokenWithoutRegionVerifiesWithNoRegion() throws Exception {
        TokenService tokens = new TokenService(new AuthOptions(Optional.of(SECRET), Duration.ofHours(1)), dataDir);
        Principal p = tokens.verify(handMade(new JWTClaimsSet.Builder().claim("role", "regulator")));
        assertThat(p.isRegulator()).isTrue();
        assertThat(p.region()).isEmpty();
        assertThat(p.regionPrefix()).isEmpty();
        assertUnauthorized(
                () -> tokens.verify(handMade(
                        new JWTClaimsSet.Builder().claim("role", "regulator").claim("region", "3203a0"))),
                "claims");
        assertUnauthorized(
                () -> tokens.verify(handMade(new JWTClaimsSet.Builder().claim("role", "gateway"))), "claims");
    }

    /** A token signed with {@link #SECRET} (kid {@code configured}), valid for an hour, with {@code claims} added. */
    private static String handMade(JWTClaimsSet.Builder claims) throws Exception {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .keyID(TokenService.CONFIGURED_KID)
                        .build(),
                claims.subject("hand-made")
                        .issuer(TokenService.ISSUER)
                        .claim("tenant", "acme")
                        .issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
                        .build());
        jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    private static void assertBadRequest(ThrowingCallable call, String detailPart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ColdchainException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.detail()).contains(detailPart);
        });
    }

    private static void assertUnauthorized(ThrowingCallable call, String detailPart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ColdchainException.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.error()).isEqualTo("unauthorized");
            assertThat(e.detail()).contains(detailPart);
        });
    }

    /** A clock the test moves by hand. */
    private static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
