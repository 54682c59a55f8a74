package io.coldchain.api;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * An endpoint test of tenant acme on a {@link TestApi} of its own (one per test class, hence one
 * test instance per class): the server, and the tokens of acme's admin and qa, of a regulator of a
 * region where acme has no site (it sees none of acme; AccessMatrixTest covers regions) and of
 * another tenant's admin.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AcmeApiTest {
    static final String T = "/api/v1/tenants/acme";

    private final String databasePrefix;
    TestApi api;
    String admin;
    String qa;
    String regulator;
    String otherAdmin;

    AcmeApiTest(String databasePrefix) {
        this.databasePrefix = databasePrefix;
    }

    @BeforeAll
    void startApi() throws Exception {
        api = new TestApi(databasePrefix);
        admin = api.token("acme", "admin", null);
        qa = api.token("acme", "qa", null);
        regulator = api.token("acme", "regulator", "440300");
        otherAdmin = api.token("other", "admin", null);
    }

    @AfterAll
    void stopApi() throws Exception {
        if (api != null) {
            api.close();
        }
    }
}
