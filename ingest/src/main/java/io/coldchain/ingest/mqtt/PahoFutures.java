package io.coldchain.ingest.mqtt;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.common.MqttException;

/** Paho's asynchronous actions (connect, subscribe, disconnect) as Vert.x futures. */
final class PahoFutures {
    private PahoFutures() {}

    /** Starts a Paho action with the listener it is given. */
    interface Action {
        IMqttToken start(MqttActionListener listener) throws MqttException;
    }

    /** Checks a successful token (e.g. a SUBACK's reason codes); throwing fails the future. */
    interface Check {
        void check(IMqttToken token);
    }

    /** The action's outcome, completed on {@code ctx}; fails after 30 s without an answer. */
    static Future<Void> of(Context ctx, Action action, Check check) {
        Promise<Void> p = Promise.promise();
        try {
            action.start(new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken t) {
                    ctx.runOnContext(v -> {
                        try {
                            check.check(t);
                            p.tryComplete();
                        } catch (RuntimeException e) {
                            p.tryFail(e);
                        }
                    });
                }

                @Override
                public void onFailure(IMqttToken t, Throwable e) {
                    ctx.runOnContext(v -> p.tryFail(e));
                }
            });
        } catch (MqttException e) {
            p.tryFail(e);
        }
        // Paho has been seen not to answer at all; a start-up that hangs silently is worse than one that fails.
        return p.future().timeout(30, TimeUnit.SECONDS);
    }
}
