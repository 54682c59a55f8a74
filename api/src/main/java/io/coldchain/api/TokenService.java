package io.coldchain.api;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.coldchain.core.config.AuthOptions;
import io.coldchain.core.config.ConfigException;
import io.coldchain.core.error.ColdchainException;
import io.coldchain.core.model.Ids;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues and verifies the bearer tokens of the HTTP API: JWTs signed with HMAC-SHA256.
 *
 * <p>Claims: {@code sub} (names the token), {@code tenant}, {@code role} ({@code admin}, {@code qa},
 * {@code regulator}), {@code region} (regulators only), {@code iat}, {@code exp}, {@code iss}
 * ({@value #ISSUER}); the header carries the {@code kid} of the signing key.
 *
 * <p>Keys: a configured secret ({@code COLDCHAIN_AUTH_JWT_SECRET}) is the one key, id
 * {@value #CONFIGURED_KID}; without one, the keys live in {@code <dataDir>/keys/jwt-keys.json},
 * created on first use. That file may hold several keys: the newest signs, all verify.
 * {@link #rotate()} adds a key, so tokens already handed out stay valid until their old key is
 * {@link #remove removed}. A server notices keys changed by another process (the {@code token}
 * command) within {@link #RELOAD_CHECK}.
 *
 * <p>Library: Nimbus JOSE+JWT, not vertx-auth-jwt, because tokens are also made by the {@code token}
 * command where no Vert.x runs, verification here is synchronous, and vertx-auth-jwt signs with a
 * randomly chosen key when it holds several, which would defeat "the newest key signs".
 *
 * <p>Thread-safe: verification reads an immutable snapshot of the keys.
 */
public final class TokenService {
    public static final String ISSUER = "coldchain";
    public static final String CONFIGURED_KID = "configured";
    public static final Duration MAX_TTL = Duration.ofDays(366);
    /** How often a verifying server looks at the key file for changes made by another process. */
    public static final Duration RELOAD_CHECK = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(TokenService.class);
    /** Ours are about 350 characters; anything far larger is refused before parsing. */
    private static final int MAX_TOKEN_CHARS = 4096;

    private static final Pattern REGION = Pattern.compile("[0-9]{2,12}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** An immutable view of the keys: verifiers by kid, and the one signer. */
    private record Keys(Map<String, MACVerifier> verifiers, SigningKey newest, MACSigner signer, KeyFile.Stamp stamp) {
        static Keys of(List<SigningKey> keys, KeyFile.Stamp stamp) {
            try {
                Map<String, MACVerifier> verifiers = new LinkedHashMap<>();
                for (SigningKey k : keys) {
                    verifiers.put(k.kid(), new MACVerifier(k.secret()));
                }
                SigningKey newest = keys.get(keys.size() - 1);
                return new Keys(Collections.unmodifiableMap(verifiers), newest, new MACSigner(newest.secret()), stamp);
            } catch (JOSEException e) {
                throw new IllegalStateException("unusable signing key: " + e.getMessage(), e);
            }
        }
    }

    private final Clock clock;
    private final Duration defaultTtl;
    private final KeyFile file; // null when a secret is configured
    private volatile Keys keys;
    private volatile Instant nextReloadCheck;

    public TokenService(AuthOptions auth, Path dataDir) {
        this(auth, dataDir, Clock.systemUTC());
    }

    /**
     * @param dataDir the data directory; only used when no secret is configured
     * @param clock the time tokens are issued and checked at
     * @throws ConfigException when the configured secret is too short
     * @throws UncheckedIOException when the key file cannot be read or created
     */
    public TokenService(AuthOptions auth, Path dataDir, Clock clock) {
        this.clock = clock;
        this.defaultTtl = auth.tokenTtl();
        this.nextReloadCheck = clock.instant().plus(RELOAD_CHECK);
        if (auth.jwtSecret().isPresent()) {
            byte[] secret = auth.jwtSecret().get().getBytes(StandardCharsets.UTF_8);
            if (secret.length < SigningKey.SECRET_BYTES) {
                throw new ConfigException("auth.jwt.secret must be at least " + SigningKey.SECRET_BYTES + " bytes");
            }
            this.file = null;
            this.keys = Keys.of(List.of(new SigningKey(CONFIGURED_KID, secret, Instant.EPOCH)), null);
        } else {
            this.file = new KeyFile(dataDir);
            try {
                List<SigningKey> loaded = file.loadOrCreate(clock.instant());
                this.keys = Keys.of(loaded, file.stamp());
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot use the token key file " + file.path() + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * A signed token.
     *
     * @param tenant an identifier
     * @param role {@code admin}, {@code qa} or {@code regulator}
     * @param region the region code (2–12 digits); required for, and only for, regulators
     * @param ttl lifetime, positive and at most {@link #MAX_TTL}
     * @throws ColdchainException 400 {@code invalid_token_request} naming what is wrong
     */
    public String issue(String tenant, String role, Optional<String> region, Duration ttl) {
        if (!Ids.isValid(tenant)) {
            throw invalidRequest(
                    "tenant must be 1-64 characters of A-Z a-z 0-9 _ . : - (got " + Ids.describe(tenant) + ")");
        }
        if (!Principal.ROLES.contains(role)) {
            throw invalidRequest("role must be admin, qa or regulator (got " + Ids.describe(role) + ")"
                    + ("gateway".equals(role) ? "; gateways use MQTT, not the HTTP API" : ""));
        }
        if (region.isPresent() && !REGION.matcher(region.get()).matches()) {
            throw invalidRequest("region must be an administrative region code of 2-12 digits (got "
                    + Ids.describe(region.get()) + ")");
        }
        if (Principal.REGULATOR.equals(role) && region.isEmpty()) {
            throw invalidRequest("a regulator token needs a region: it reads only sites in that region");
        }
        if (!Principal.REGULATOR.equals(role) && region.isPresent()) {
            // Refused rather than ignored: someone passing it believes it limits the token, and it would not.
            throw invalidRequest("region applies to regulator tokens only; " + role + " tokens see their whole tenant");
        }
        if (ttl == null || ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw invalidRequest("ttl must be positive and at most 366 days (got " + ttl + ")");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        byte[] id = new byte[6];
        RANDOM.nextBytes(id);
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(role + "@" + tenant + "#" + HexFormat.of().formatHex(id))
                .issuer(ISSUER)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .claim("tenant", tenant)
                .claim("role", role);
        region.ifPresent(r -> claims.claim("region", r));
        Keys current = keys;
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .type(JOSEObjectType.JWT)
                        .keyID(current.newest().kid())
                        .build(),
                claims.build());
        try {
            jwt.sign(current.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    /**
     * The caller a token proves.
     *
     * @throws ColdchainException 401 when the token is malformed, not signed by one of our keys (bad
     *     signature, unknown {@code kid}, other algorithm), from another issuer, expired (at {@code exp}
     *     exactly, without leeway) or carries claims we do not accept
     */
    public Principal verify(String token) {
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN_CHARS) {
            throw ColdchainException.unauthorized("malformed token");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw ColdchainException.unauthorized("malformed token");
        }
        // Checked before any key is used: only HS256 is ours, which also shuts out "none" and RS/HS confusion.
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            throw ColdchainException.unauthorized("token is not signed with HS256");
        }
        String kid = jwt.getHeader().getKeyID();
        if (kid == null) {
            throw ColdchainException.unauthorized("token has no key id");
        }
        reloadIfChanged();
        MACVerifier verifier = keys.verifiers().get(kid);
        if (verifier == null) {
            throw ColdchainException.unauthorized("token is signed with an unknown or removed key");
        }
        try {
            if (!jwt.verify(verifier)) {
                throw ColdchainException.unauthorized("bad token signature");
            }
        } catch (JOSEException e) {
            throw ColdchainException.unauthorized("bad token signature");
        }
        if (!ISSUER.equals(claims.getIssuer())) {
            throw ColdchainException.unauthorized("token is not issued by " + ISSUER);
        }
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw ColdchainException.unauthorized("token has no expiry");
        }
        if (!clock.instant().isBefore(exp.toInstant())) {
            throw ColdchainException.unauthorized("token expired at " + exp.toInstant());
        }
        return principal(claims);
    }

    private static Principal principal(JWTClaimsSet claims) {
        try {
            String subject = claims.getSubject();
            String tenant = claims.getStringClaim("tenant");
            String role = claims.getStringClaim("role");
            Optional<String> region = Optional.ofNullable(claims.getStringClaim("region"));
            // A regulator token without a region is not issued by us, but one that verifies is authentic:
            // it is accepted, and reads nothing (AccessPolicy answers 404), rather than being told apart by a 401.
            boolean valid = subject != null
                    && Ids.isValid(tenant)
                    && Principal.ROLES.contains(role)
                    && region.map(r -> REGION.matcher(r).matches()).orElse(true);
            if (!valid) {
                throw ColdchainException.unauthorized("token claims are not valid");
            }
            return new Principal(subject, tenant, role, region);
        } catch (ParseException e) {
            throw ColdchainException.unauthorized("token claims are not valid");
        }
    }

    /**
     * Adds a new signing key; tokens signed with older keys stay valid until those keys are removed.
     *
     * @return the new key's id
     * @throws ColdchainException 409 when the secret is configured (change the configuration instead)
     */
    public synchronized String rotate() {
        requireKeyFile("rotate");
        SigningKey added = SigningKey.generate(clock.instant());
        changeKeys(current -> {
            List<SigningKey> next = new ArrayList<>(current);
            next.add(added);
            return List.copyOf(next);
        });
        LOG.info(
                "Token signing key {} added; it signs from now on, {} older key(s) still verify",
                added.kid(),
                keys.verifiers().size() - 1);
        return added.kid();
    }

    /**
     * Removes a key: tokens signed with it are refused from now on (by other processes within
     * {@link #RELOAD_CHECK}).
     *
     * @throws ColdchainException 404 for an unknown key, 409 for the signing key or a configured secret
     */
    public synchronized void remove(String kid) {
        requireKeyFile("remove keys");
        changeKeys(current -> {
            if (current.stream().noneMatch(k -> k.kid().equals(kid))) {
                throw ColdchainException.notFound("no signing key " + Ids.describe(kid));
            }
            if (current.get(current.size() - 1).kid().equals(kid)) {
                throw ColdchainException.conflict(
                        "signing_key", "key " + kid + " signs new tokens; rotate before removing it");
            }
            return current.stream().filter(k -> !k.kid().equals(kid)).toList();
        });
        LOG.info("Token signing key {} removed; tokens signed with it are refused", kid);
    }

    /** The configured default lifetime ({@code auth.token.ttl}), for callers that were given none. */
    public Duration defaultTtl() {
        return defaultTtl;
    }

    /** Ids of the keys that verify, oldest first; the last one signs. */
    public List<String> keyIds() {
        return List.copyOf(keys.verifiers().keySet());
    }

    /** Id of the key that signs new tokens. */
    public String signingKeyId() {
        return keys.newest().kid();
    }

    private void requireKeyFile(String action) {
        if (file == null) {
            throw ColdchainException.conflict(
                    "configured_secret",
                    "cannot " + action
                            + ": the token secret is configured (auth.jwt.secret); change the configuration instead");
        }
    }

    private void changeKeys(UnaryOperator<List<SigningKey>> change) {
        try {
            List<SigningKey> changed = file.update(change);
            keys = Keys.of(changed, file.stamp());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot update the token key file " + file.path() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Picks up keys another process added or removed. Called on the event loop: at most one
     * {@code stat} per {@link #RELOAD_CHECK}, and a read only when the file changed; a failure
     * keeps the keys we have.
     */
    private void reloadIfChanged() {
        Instant now = clock.instant();
        if (file == null || now.isBefore(nextReloadCheck)) {
            return;
        }
        nextReloadCheck = now.plus(RELOAD_CHECK);
        synchronized (this) { // not interleaved with rotate() or remove() of this instance
            try {
                KeyFile.Stamp stamp = file.stamp();
                if (!stamp.equals(keys.stamp())) {
                    keys = Keys.of(file.read(), stamp);
                    LOG.info(
                            "Token signing keys reloaded from {}: {}",
                            file.path(),
                            keys.verifiers().keySet());
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("Cannot reload token keys from {}, keeping the current ones: {}", file.path(), e.toString());
            }
        }
    }

    private static ColdchainException invalidRequest(String detail) {
        return ColdchainException.badRequest("invalid_token_request", detail);
    }
}
