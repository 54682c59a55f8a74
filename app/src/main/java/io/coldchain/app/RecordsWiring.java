package io.coldchain.app;

import io.coldchain.core.config.ColdchainConfig;
import io.coldchain.records.digest.DaySealer;
import io.coldchain.records.digest.DigestStore;
import io.coldchain.records.job.ScheduledJobVerticle;
import io.coldchain.records.retention.RetentionJob;
import io.coldchain.records.retention.RetentionStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;

/** Deploys the records module's scheduled jobs: the day sealer (tamper evidence) and retention. */
final class RecordsWiring {
    private RecordsWiring() {}

    static Future<Void> deploy(Vertx vertx, ColdchainConfig config, DataSource pool, MeterRegistry registry) {
        var records = config.records();
        DaySealer sealer = new DaySealer(new DigestStore(), records.sealMargin(), records.resealWindow());
        ScheduledJobVerticle seal = new ScheduledJobVerticle(
                "seal",
                records.sealEvery(),
                Duration.ofSeconds(30),
                pool,
                (c, now) -> sealer.run(c, now).toString(),
                registry,
                Clock.systemUTC());
        RetentionJob retention =
                new RetentionJob(new RetentionStore(), config.storage().retention());
        ScheduledJobVerticle purge = new ScheduledJobVerticle(
                "retention",
                records.retentionEvery(),
                Duration.ofMinutes(5),
                pool,
                (c, now) -> retention.run(c, now).toString(),
                registry,
                Clock.systemUTC());
        return vertx.deployVerticle(seal)
                .compose(id -> vertx.deployVerticle(purge))
                .mapEmpty();
    }
}
