package io.coldchain.embedded.broker;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import java.util.List;

/**
 * The one HiveMQ extension of the embedded broker, given to
 * {@code EmbeddedHiveMQ.builder().withEmbeddedExtension} (HiveMQ's SDK types stay in this module).
 * It only registers its parts, each a class of its own with one job: the credential checks
 * ({@link BrokerSecurity}) and the in-process hand-over of readings ({@link ReadingsInterceptor}).
 */
public final class BrokerExtension implements EmbeddedExtension, ExtensionMain {

    /** One job of the extension, registered with HiveMQ's services on start. */
    public interface Part {
        void register();

        default void close() {}
    }

    private final List<Part> parts;

    public BrokerExtension(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        parts.forEach(Part::register);
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        parts.forEach(Part::close);
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
