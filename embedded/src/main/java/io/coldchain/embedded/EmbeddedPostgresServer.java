package io.coldchain.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server started from the zonky binaries, its data in a directory that survives
 * restarts (initdb only runs the first time). Used by {@code run} without {@code COLDCHAIN_DB_URL}
 * and by the tests.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
  public static final String USER = "postgres";

  private final Path dataDir;
  private final int requestedPort;
  private EmbeddedPostgres pg;

  public EmbeddedPostgresServer(Path dataDir, int port) {
    this.dataDir = dataDir;
    this.requestedPort = port;
  }

  public synchronized EmbeddedPostgresServer start() {
    try {
      Files.createDirectories(dataDir);
      int port = pg != null ? pg.getPort() : requestedPort;
      pg = EmbeddedPostgres.builder()
          .setDataDirectory(dataDir)
          .setCleanDataDirectory(false)
          .setPort(port)
          .setServerConfig("listen_addresses", "127.0.0.1")
          // Readings are written in large batches: let checkpoints breathe.
          .setServerConfig("max_wal_size", "2GB")
          .setServerConfig("shared_buffers", "256MB")
          .start();
      LOG.info("Embedded PostgreSQL on 127.0.0.1:{}, data in {}", pg.getPort(), dataDir);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("Embedded PostgreSQL did not start (data dir " + dataDir + "): " + e.getMessage(), e);
    }
  }

  public int port() {
    return pg.getPort();
  }

  /** A JDBC URL for a database on this server, creating the database if needed. */
  public String jdbcUrl(String database) {
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database.replace("'", "") + "'")) {
        if (!rs.next()) {
          st.execute("CREATE DATABASE \"" + database.replace("\"", "") + "\"");
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + database + ": " + e.getMessage(), e);
    }
    return "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/" + database;
  }

  /** Stops the server; {@link #start()} brings it back on the same port and data. */
  public synchronized void stop() {
    if (pg != null) {
      try {
        pg.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Override
  public void close() {
    stop();
  }
}
