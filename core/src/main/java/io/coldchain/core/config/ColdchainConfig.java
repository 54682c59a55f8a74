package io.coldchain.core.config;

import java.nio.file.Path;

/** The whole, validated, immutable configuration of one backend process. */
public record ColdchainConfig(
        Path dataDir,
        DatabaseOptions db,
        MqttOptions mqtt,
        HttpOptions http,
        IngestOptions ingest,
        StorageOptions storage,
        RecordsOptions records,
        AuthOptions auth,
        AlertingOptions alerting,
        NotifyOptions notifications) {}
