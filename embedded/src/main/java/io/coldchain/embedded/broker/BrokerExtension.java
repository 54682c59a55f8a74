package io.coldchain.embedded.broker;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import java.util.Optional;

/**
 * The one HiveMQ extension of the embedded broker, given to
 * {@code EmbeddedHiveMQ.builder().withEmbeddedExtension}. It only registers the parts, each in its
 * own class: the credential checks ({@link BrokerSecurity}).
 */
public final class BrokerExtension implements EmbeddedExtension, ExtensionMain {
  private final Optional<BrokerSecurity> security;

  /** @param security who may connect, publish and subscribe; empty: an open broker (tests' shared broker only) */
  public BrokerExtension(Optional<BrokerSecurity> security) {
    this.security = security;
  }

  @Override
  public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
    security.ifPresent(BrokerSecurity::register);
  }

  @Override
  public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
    security.ifPresent(BrokerSecurity::close);
  }

  @Override
  public String getId() {
    return "coldchain-broker";
  }

  @Override
  public String getName() {
    return "Coldchain embedded broker extension";
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
    return this;
  }
}
