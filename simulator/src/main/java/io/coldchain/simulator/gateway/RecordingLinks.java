package io.coldchain.simulator.gateway;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Links that record what would have been sent, in order, for tests (determinism, replay). */
public final class RecordingLinks implements GatewayLink.Factory {
    /** One call: {@code event} is connect, publish, drop or close. */
    public record Event(String gateway, String event, String topic, String payload) {}

    private final List<Event> events = Collections.synchronizedList(new ArrayList<>());

    @Override
    public GatewayLink open(String tenant, String gateway) {
        return new GatewayLink() {
            @Override
            public boolean connect() {
                events.add(
                        new Event(gateway, "connect", GatewayLink.statusTopic(tenant, gateway), "{\"online\":true}"));
                return true;
            }

            @Override
            public boolean publish(String topic, byte[] payload) {
                events.add(new Event(gateway, "publish", topic, new String(payload, StandardCharsets.UTF_8)));
                return true;
            }

            @Override
            public void drop() {
                events.add(new Event(gateway, "drop", null, null));
            }

            @Override
            public void close() {
                events.add(new Event(gateway, "close", GatewayLink.statusTopic(tenant, gateway), "{\"online\":false}"));
            }
        };
    }

    public List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    public List<Event> published() {
        return events().stream().filter(e -> e.event().equals("publish")).toList();
    }
}
