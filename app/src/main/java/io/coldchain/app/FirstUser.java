package io.coldchain.app;

import io.coldchain.core.error.ColdchainException;
import io.coldchain.registry.user.PasswordHasher;
import io.coldchain.registry.user.User;
import io.coldchain.registry.user.UserAccounts;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A fresh installation has nobody who could log in: at the first start the platform administrator
 * {@value #USERNAME} is created with a random password, printed once on the console (never logged:
 * the log may be shipped elsewhere). It manages regulators and tenants' users in the web app.
 */
final class FirstUser {
    static final String USERNAME = "admin";

    private FirstUser() {}

    static void ensure(DataSource pool) {
        try {
            UserAccounts accounts = new UserAccounts(pool);
            if (accounts.anyUser()) {
                return;
            }
            String password = PasswordHasher.randomPassword();
            accounts.create(
                    USERNAME,
                    Optional.empty(),
                    User.PLATFORM,
                    Optional.empty(),
                    "Platform administrator",
                    password,
                    "first-start");
            System.out.println();
            System.out.println("First start: created the platform administrator. This password is shown only now:");
            System.out.println("  login: " + USERNAME + " " + password + " " + User.PLATFORM);
            System.out.println(
                    "  (add tenant admins in the web app or with: coldchain user add-admin --tenant T --username U)");
            System.out.println();
        } catch (ColdchainException e) {
            if (e.status() != 409) { // 409: another instance created it at the same moment
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the first user: " + e.getMessage(), e);
        }
    }
}
