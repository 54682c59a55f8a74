package io.coldchain.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.core.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README is the newcomer's contract: its configuration table and commands must match the code. */
class ReadmeTest {
    private static String readme() throws Exception {
        Path p = Path.of("..", "README.md");
        return Files.readString(p);
    }

    @Test
    void configuration_table_matches_the_settings() throws Exception {
        assertThat(readme())
                .as("regenerate with: java -jar app/target/coldchain.jar config --markdown")
                .contains(Settings.markdownTable());
    }

    @Test
    void the_two_commands_are_there() throws Exception {
        assertThat(readme())
                .contains("mvn -q package -DskipTests && java -jar app/target/coldchain.jar run")
                .contains("mvn verify");
        assertThat(Files.readString(Path.of("..", ".ci", "run"))).contains("mvn -B -ntp verify");
    }
}
