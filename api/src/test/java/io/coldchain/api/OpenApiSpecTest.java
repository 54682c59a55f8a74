package io.coldchain.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The published contract must be a valid OpenAPI document: a real validator (swagger-parser) reads
 * {@code openapi.yaml} as clients' generators would, and any error or warning fails the build.
 */
class OpenApiSpecTest {

    private static String spec() throws IOException {
        try (InputStream in = HttpVerticle.class.getResourceAsStream(HttpVerticle.OPENAPI_RESOURCE)) {
            assertThat(in).as("openapi.yaml on the class path").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theServedSpecIsValidOpenApiWithoutErrorsOrWarnings() throws IOException {
        String yaml = spec();
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(yaml, null, options);

        assertThat(result.getMessages()).as("validator messages").isEmpty();
        assertThat(result.getOpenAPI()).isNotNull();
        assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
        assertThat(result.getOpenAPI().getPaths()).isNotEmpty();
        assertThat(result.getOpenAPI().getComponents().getSchemas()).containsKeys("Alert", "Rejection");
    }

    /**
     * A description with an unquoted comma inside a YAML flow mapping ({@code {type: string,
     * description: a, b}}) turns its tail into a stray key without a value. OpenAPI 3.1 schemas allow
     * unknown keywords, so the validator drops it silently and the description is cut short; no key
     * of this document is meant to be valueless, so any such key is that mistake.
     */
    @Test
    void noKeyIsLeftWithoutAValue() throws IOException {
        Object doc = new Yaml().load(spec());
        List<String> valueless = new ArrayList<>();
        collectValueless(doc, "", valueless);
        assertThat(valueless)
                .as("keys without a value (an unquoted comma in a flow mapping?)")
                .isEmpty();
    }

    private static void collectValueless(Object node, String at, List<String> out) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if (v == null) {
                    out.add(at + "/" + k);
                } else {
                    collectValueless(v, at + "/" + k, out);
                }
            });
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                collectValueless(list.get(i), at + "/" + i, out);
            }
        }
    }
}
