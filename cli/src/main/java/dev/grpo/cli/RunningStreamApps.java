package dev.grpo.cli;

import dev.grpo.streams.StreamsApp;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Stream apps a command runs until Ctrl-C or until one of them fails. Ctrl-C waits until every app
 * has committed and closed, so no transaction is left open.
 */
final class RunningStreamApps {

    private final List<StreamsApp> apps;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);

    /** @param apps created, not started: their state listeners are set here, before they start */
    RunningStreamApps(List<StreamsApp> apps) {
        this.apps = List.copyOf(apps);
    }

    /**
     * Starts the apps, calls {@code started}, and waits.
     *
     * @param hookName the name of the shutdown-hook thread
     * @return 0 after Ctrl-C, 1 when an app failed
     */
    int runUntilStopped(String hookName, Runnable started) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopped.countDown();
            awaitQuietly();
        }, hookName));
        try {
            for (StreamsApp app : apps) {
                app.streams().setStateListener((now, before) -> {
                    if (failed(now)) {
                        stopped.countDown();
                    }
                });
                app.start();
            }
            started.run();
            stopped.await();
            return apps.stream().map(StreamsApp::state).anyMatch(RunningStreamApps::failed) ? 1 : 0;
        } finally {
            apps.forEach(StreamsApp::close);
            closed.countDown();
        }
    }

    private static boolean failed(KafkaStreams.State state) {
        return state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR;
    }

    private void awaitQuietly() {
        try {
            closed.await(Duration.ofMinutes(1).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
