package io.coldchain.ingest.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.coldchain.core.config.IngestOptions;
import java.io.IOException;
import java.util.Optional;

/** Reads a gateway's retained status, {@code {"online": true|false}}; anything else is empty. */
final class StatusDecoder {
    private StatusDecoder() {}

    static Optional<Boolean> decode(byte[] payload) {
        if (payload == null
                || payload.length == 0
                || payload.length > IngestOptions.MAX_PAYLOAD_BYTES
                || Utf8.firstInvalid(payload) >= 0) {
            return Optional.empty();
        }
        try (JsonParser parser = Json.FACTORY.createParser(payload)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            Boolean online = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!"online".equals(name)) {
                    Json.skip(parser, value);
                } else if (online != null) {
                    return Optional.empty(); // said twice: ambiguous, so not believed
                } else if (value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE) {
                    online = value == JsonToken.VALUE_TRUE;
                } else {
                    return Optional.empty();
                }
            }
            if (parser.nextToken() != null) {
                return Optional.empty();
            }
            return Optional.ofNullable(online);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
