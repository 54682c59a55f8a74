package io.coldchain.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code config} prints the checked configuration with every password masked, URLs included. */
class ConfigCommandTest {

    @Test
    void the_printout_shows_the_settings_but_no_password() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = new CommandLine(new ConfigCommand())
                    .execute(
                            "-D", "db.url=jdbc:postgresql://cold:dbpw1@db.example.com:5432/cold?password=dbpw2",
                            "-D", "db.password=dbpw3",
                            "-D", "mqtt.url=ssl://gw:mqttpw1@broker.example.com:8883",
                            "-D", "mqtt.password=mqttpw2",
                            "-D", "smtp.password=smtppw",
                            "-D", "auth.jwt.secret=0123456789abcdef0123456789abcdef-jwtsecret");
        } finally {
            System.setOut(original);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(code).isZero();
        assertThat(printed)
                .contains("jdbc:postgresql://cold:***@db.example.com:5432/cold?password=***")
                .contains("ssl://gw:***@broker.example.com:8883")
                .contains("HttpOptions[host=127.0.0.1");
        for (String secret : new String[] {"dbpw1", "dbpw2", "dbpw3", "mqttpw1", "mqttpw2", "smtppw", "jwtsecret"}) {
            assertThat(printed).as(secret).doesNotContain(secret);
        }
    }
}
