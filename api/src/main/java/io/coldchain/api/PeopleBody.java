package io.coldchain.api;

import io.coldchain.core.model.Ids;
import io.coldchain.registry.user.PasswordHasher;
import io.coldchain.registry.user.UserStore;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The bodies of the people endpoints (login, users, regulators), checked field by field; 400 {@code invalid_body} otherwise. */
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
        JsonObject o = object(raw);
        known(o, "username", "password", "token");
        String username = string(o, "username");
        if (username.isEmpty() || username.length() > 200) {
            throw RegistryBody.invalid("username must be 1-200 characters");
        }
        String password = string(o, "password");
        if (password.isEmpty() || password.length() > PasswordHasher.MAX_LENGTH) {
            throw RegistryBody.invalid("password must be 1-" + PasswordHasher.MAX_LENGTH + " characters");
        }
        Object token = o.getValue("token");
        if (token != null && !(token instanceof Boolean)) {
            throw RegistryBody.invalid("token must be a boolean (true: answer a bearer token instead of a cookie)");
        }
        return new Login(username, password, Boolean.TRUE.equals(token));
    }

    /** A tenant's user: {@code role} admin or qa. */
    static NewAccount tenantUser(Buffer raw) {
        JsonObject o = object(raw);
        known(o, "username", "password", "role", "display_name");
        String role = string(o, "role");
        if (!Set.of("admin", "qa").contains(role)) {
            throw RegistryBody.invalid("role must be one of [admin, qa] (got " + Ids.describe(role)
                    + "); regulators are " + "created with POST /api/v1/regulators");
        }
        return new NewAccount(username(o), password(o), role, Optional.empty(), displayName(o));
    }

    /** A regulator: {@code region} an administrative region code. */
    static NewAccount regulator(Buffer raw) {
        JsonObject o = object(raw);
        known(o, "username", "password", "region", "display_name");
        String region = string(o, "region");
        if (!REGION.matcher(region).matches()) {
            throw RegistryBody.invalid(
                    "region must be an administrative region code of 2-12 digits (got " + Ids.describe(region) + ")");
        }
        return new NewAccount(username(o), password(o), "regulator", Optional.of(region), displayName(o));
    }

    private static String username(JsonObject o) {
        String u = string(o, "username");
        if (!UserStore.validUsername(u)) {
            throw RegistryBody.invalid(
                    "username must be 1-64 characters of A-Z a-z 0-9 _ . : @ - (got " + Ids.describe(u) + ")");
        }
        return u;
    }

    private static String password(JsonObject o) {
        String p = string(o, "password");
        String weakness = PasswordHasher.weakness(p);
        if (weakness != null) {
            throw RegistryBody.invalid(weakness);
        }
        return p;
    }

    private static String displayName(JsonObject o) {
        Object v = o.getValue("display_name");
        if (v == null) {
            return "";
        }
        if (!(v instanceof String s)) {
            throw RegistryBody.invalid("display_name must be a string");
        }
        return RegistryBody.freeText("display_name", s, 200);
    }

    private static String string(JsonObject o, String field) {
        Object v = o.getValue(field);
        if (v == null) {
            throw RegistryBody.invalid(field + " is required");
        }
        if (!(v instanceof String s)) {
            throw RegistryBody.invalid(field + " must be a string");
        }
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (Character.isISOControl(ch)
                    || (Character.isSurrogate(ch)
                            && !(Character.isHighSurrogate(ch)
                                    && i + 1 < s.length()
                                    && Character.isLowSurrogate(s.charAt(++i))))) {
                throw RegistryBody.invalid(field + " must be well-formed text without control characters");
            }
        }
        return s;
    }

    private static void known(JsonObject o, String... fields) {
        TreeSet<String> unknown = new TreeSet<>(o.fieldNames());
        unknown.removeAll(Set.of(fields));
        if (!unknown.isEmpty()) {
            throw RegistryBody.invalid(
                    "unknown field " + Ids.describe(unknown.first()) + "; allowed: " + new TreeSet<>(Set.of(fields)));
        }
    }

    private static JsonObject object(Buffer raw) {
        if (raw == null || raw.length() == 0) {
            throw RegistryBody.invalid("the body must be a JSON object (got nothing)");
        }
        Object decoded;
        try {
            decoded = Json.decodeValue(raw);
        } catch (DecodeException e) {
            throw RegistryBody.invalid("the body is not valid JSON");
        }
        if (!(decoded instanceof JsonObject o)) {
            throw RegistryBody.invalid("the body must be a JSON object");
        }
        return o;
    }
}
