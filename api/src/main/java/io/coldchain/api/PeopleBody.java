package io.coldchain.api;

import static io.coldchain.api.BodyReader.invalid;

import io.coldchain.core.model.Ids;
import io.coldchain.registry.user.PasswordHasher;
import io.coldchain.registry.user.UserStore;
import io.vertx.core.buffer.Buffer;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The bodies of the people endpoints (login, users, regulators), read with {@link BodyReader}; 400
 * {@code invalid_body} otherwise.
 */
final class PeopleBody {
    private static final Pattern REGION = Pattern.compile("[0-9]{2,12}");

    /** {@code POST /api/v1/login}. The password is not checked for strength here: only compared. */
    record Login(String username, String password, boolean bearer) {
        @Override
        public String toString() {
            return "Login[" + username + "]";
        }
    }

    /** {@code POST .../users} and {@code POST /api/v1/regulators}. */
    record NewAccount(String username, String password, String role, Optional<String> region, String displayName) {
        @Override
        public String toString() {
            return "NewAccount[" + username + ", " + role + "]";
        }
    }

    private PeopleBody() {}

    static Login login(Buffer raw) {
        BodyReader o = BodyReader.of(raw);
        o.known("username", "password", "token");
        String username = string(o, "username");
        if (username.isEmpty() || username.length() > 200) {
            throw invalid("username must be 1-200 characters");
        }
        String password = string(o, "password");
        if (password.isEmpty() || password.length() > PasswordHasher.MAX_LENGTH) {
            throw invalid("password must be 1-" + PasswordHasher.MAX_LENGTH + " characters");
        }
        Object token = o.body().getValue("token");
        if (token != null && !(token instanceof Boolean)) {
            throw invalid("token must be a boolean (true: answer a bearer token instead of a cookie)");
        }
        return new Login(username, password, Boolean.TRUE.equals(token));
    }

    /** A tenant's user: {@code role} admin or qa. */
    static NewAccount tenantUser(Buffer raw) {
        BodyReader o = BodyReader.of(raw);
        o.known("username", "password", "role", "display_name");
        String role = string(o, "role");
        if (!Set.of("admin", "qa").contains(role)) {
            throw invalid("role must be one of [admin, qa] (got " + Ids.describe(role) + "); regulators are "
                    + "created with POST /api/v1/regulators");
        }
        return new NewAccount(username(o), password(o), role, Optional.empty(), displayName(o));
    }

    /** A regulator: {@code region} an administrative region code. */
    static NewAccount regulator(Buffer raw) {
        BodyReader o = BodyReader.of(raw);
        o.known("username", "password", "region", "display_name");
        String region = string(o, "region");
        if (!REGION.matcher(region).matches()) {
            throw invalid(
                    "region must be an administrative region code of 2-12 digits (got " + Ids.describe(region) + ")");
        }
        return new NewAccount(username(o), password(o), "regulator", Optional.of(region), displayName(o));
    }

    private static String username(BodyReader o) {
        String u = string(o, "username");
        if (!UserStore.validUsername(u)) {
            throw invalid("username must be 1-64 characters of A-Z a-z 0-9 _ . : @ - (got " + Ids.describe(u) + ")");
        }
        return u;
    }

    private static String password(BodyReader o) {
        String p = string(o, "password");
        String weakness = PasswordHasher.weakness(p);
        if (weakness != null) {
            throw invalid(weakness);
        }
        return p;
    }

    private static String displayName(BodyReader o) {
        String v = o.string("display_name", false);
        return v == null ? "" : BodyReader.freeText("display_name", v, 200);
    }

    /** A required string, well-formed and without control characters (may be empty: the caller checks lengths). */
    private static String string(BodyReader o, String field) {
        String s = o.string(field, true);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (Character.isISOControl(ch)
                    || (Character.isSurrogate(ch)
                            && !(Character.isHighSurrogate(ch)
                                    && i + 1 < s.length()
                                    && Character.isLowSurrogate(s.charAt(++i))))) {
                throw invalid(field + " must be well-formed text without control characters");
            }
        }
        return s;
    }
}
