package io.coldchain.core.edge;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where the backend plugs its {@link InProcessIngest} into the embedded broker. The broker starts
 * before the writer exists and keeps running a moment after it is gone; in those windows a
 * message is refused with {@link NotAccepting}, and the broker disconnects the gateway so that
 * it sends again later (nothing is acknowledged that is not stored).
 */
public final class IngestSlot implements InProcessIngest {

  /** Ingest is not attached (starting or stopping). */
  public static final class NotAccepting extends RuntimeException {
    public NotAccepting() {
      super("ingest is not accepting messages (starting or stopping)", null, false, false);
    }
  }

  private volatile InProcessIngest target;

  public void attach(InProcessIngest ingest) {
    this.target = ingest;
  }

  public void detach() {
    this.target = null;
  }

  public boolean attached() {
    return target != null;
  }

  @Override
  public CompletionStage<Void> accept(String topic, byte[] payload, Instant receivedAt) {
    InProcessIngest t = target;
    return t == null ? CompletableFuture.failedFuture(new NotAccepting()) : t.accept(topic, payload, receivedAt);
  }
}
