package io.coldchain.app;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** Peak heap in use, sampled every 20 ms (the bench's heap figure). */
final class HeapSampler {
    private final MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
    private volatile boolean running;
    private volatile long peak;
    private Thread thread;

    void start() {
        running = true;
        thread = new Thread(
                () -> {
                    while (running) {
                        peak = Math.max(peak, mx.getHeapMemoryUsage().getUsed());
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "heap-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    void stop() {
        running = false;
    }

    long peak() {
        return peak;
    }
}
