package io.coldchain.embedded.broker;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import java.util.List;

/**
 * The embedded broker's one extension (HiveMQ's SDK types stay in this module). It only registers
 * its parts, each a class of its own with one job, when HiveMQ starts the extension.
 */
public final class BrokerExtension implements EmbeddedExtension {

  /** One job of the extension, registered with HiveMQ's services on start. */
  public interface Part {
    void register();
  }

  private final List<Part> parts;

  public BrokerExtension(List<Part> parts) {
    this.parts = List.copyOf(parts);
  }

  @Override
  public String getId() {
    return "coldchain";
  }

  @Override
  public String getName() {
    return "Coldchain";
  }

  @Override
  public String getVersion() {
    return "1";
  }

  @Override
  public String getAuthor() {
    return "Coldchain";
  }

  @Override
  public int getPriority() {
    return 1000;
  }

  @Override
  public int getStartPriority() {
    return 1000;
  }

  @Override
  public ExtensionMain getExtensionMain() {
    return new ExtensionMain() {
      @Override
      public void extensionStart(ExtensionStartInput in, ExtensionStartOutput out) {
        parts.forEach(Part::register);
      }

      @Override
      public void extensionStop(ExtensionStopInput in, ExtensionStopOutput out) {}
    };
  }
}
