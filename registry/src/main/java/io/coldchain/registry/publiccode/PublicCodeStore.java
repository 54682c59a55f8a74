package io.coldchain.registry.publiccode;

import io.coldchain.core.db.Jdbc;
import io.coldchain.registry.AuditStore;
import io.coldchain.registry.RegistryStore.Actor;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Owns {@code public_codes} (migration V14): the code that opens a batch's public trace page.
 *
 * <p>A code is 160 bits from {@link SecureRandom}, written in lower-case base32 (32 characters, no
 * padding): guessing one live code among a million takes about 2^140 tries. Issuing and revoking are
 * audited (entity {@code batch}); the code itself is in the audit row because it is printed on
 * packaging anyway and revocation must be traceable.
 */
public final class PublicCodeStore {
    /** What a code looks like; anything else is not looked up at all. */
    public static final Pattern SHAPE = Pattern.compile("[a-z2-7]{32}");

    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The batch a live code opens. */
    public record Target(String tenant, String lot) {}

    private final AuditStore audit;

    public PublicCodeStore(AuditStore audit) {
        this.audit = audit;
    }

    /** The batch's live code, issuing one (audited) when it has none. */
    public String liveOrIssue(Connection c, String tenant, String lot, Actor actor) throws SQLException {
        Optional<String> live = live(c, tenant, lot);
        if (live.isPresent()) {
            return live.get();
        }
        String code = newCode();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO public_codes (code, tenant, lot, issued_by) "
                + "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, code);
            ps.setString(2, tenant);
            ps.setString(3, lot);
            ps.setString(4, actor.subject());
            if (ps.executeUpdate() == 1) {
                audit.insert(
                        c,
                        tenant,
                        actor.subject(),
                        actor.role(),
                        "issue_public_code",
                        "batch",
                        lot,
                        null,
                        new JsonObject().put("public_code", code));
                return code;
            }
        }
        // A concurrent request issued one first: that one is the batch's code.
        return live(c, tenant, lot).orElseThrow(() -> new SQLException("no live public code for " + lot));
    }

    /** Revokes the batch's live code (audited); false when it had none. */
    public boolean revoke(Connection c, String tenant, String lot, Actor actor) throws SQLException {
        Optional<String> live = live(c, tenant, lot);
        if (live.isEmpty()) {
            return false;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE public_codes SET revoked_at = now(), revoked_by = ? "
                + "WHERE code = ? AND revoked_at IS NULL")) {
            ps.setString(1, actor.subject());
            ps.setString(2, live.get());
            if (ps.executeUpdate() == 0) {
                return false;
            }
        }
        audit.insert(
                c,
                tenant,
                actor.subject(),
                actor.role(),
                "revoke_public_code",
                "batch",
                lot,
                new JsonObject().put("public_code", live.get()),
                null);
        return true;
    }

    /**
     * The batch a live code opens. A wrong, revoked or malformed code is empty, by the same one
     * index look-up (a malformed one is not even sent), so answers do not tell them apart.
     */
    public Optional<Target> resolve(Connection c, String code) throws SQLException {
        String asked = SHAPE.matcher(code).matches() ? code : "";
        return Jdbc.list(
                        c,
                        "SELECT tenant, lot FROM public_codes WHERE code = ? AND revoked_at IS NULL",
                        ps -> ps.setString(1, asked),
                        rs -> new Target(rs.getString(1), rs.getString(2)))
                .stream()
                .findFirst();
    }

    private static Optional<String> live(Connection c, String tenant, String lot) throws SQLException {
        return Jdbc.list(
                        c,
                        "SELECT code FROM public_codes WHERE tenant = ? AND lot = ? AND revoked_at IS NULL",
                        ps -> {
                            ps.setString(1, tenant);
                            ps.setString(2, lot);
                        },
                        rs -> rs.getString(1))
                .stream()
                .findFirst();
    }

    /** 20 random bytes in base32: 32 characters of 5 bits each. */
    static String newCode() {
        byte[] bytes = new byte[20];
        RANDOM.nextBytes(bytes);
        StringBuilder out = new StringBuilder(32);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32[(buffer >>> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        return out.toString();
    }
}
