package io.coldchain.simulator.scenario;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads scenario files (YAML, or JSON, which is YAML too) from the class path ({@code scenarios/NAME.yaml},
 * the shipped ones) or from a file. Unknown keys are refused, so a misspelt key is an error, not
 * a silently ignored setting. Every loaded scenario is validated.
 */
public final class ScenarioLoader {
    /** The scenarios shipped in this module, by name. */
    public static final List<String> SHIPPED =
            List.of("dairy-morning-round", "raw-milk-collection", "supermarket-weekend");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ScenarioLoader() {}

    /** A shipped scenario's name, or the path of a scenario file. */
    public static Scenario load(String nameOrFile) {
        InputStream in = ScenarioLoader.class.getResourceAsStream("/scenarios/" + nameOrFile + ".yaml");
        try {
            if (in != null) {
                try (in) {
                    return parse(in, nameOrFile);
                }
            }
            Path p = Path.of(nameOrFile);
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException(
                        "no shipped scenario named '" + nameOrFile + "' (shipped: " + SHIPPED + ") and no such file");
            }
            try (InputStream f = Files.newInputStream(p)) {
                return parse(f, p.toString());
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read scenario " + nameOrFile + ": " + e.getMessage(), e);
        }
    }

    public static Scenario parse(InputStream in, String source) throws IOException {
        Scenario s = YAML.readValue(in, Scenario.class);
        List<String> problems = ScenarioValidator.problems(s);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(
                    "scenario " + source + " is invalid:\n  " + String.join("\n  ", problems));
        }
        return s;
    }
}
