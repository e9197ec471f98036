package io.jenkins.plugins.gitops.core.wait;

import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.Test;

/** The administrator's poll interval, as the engine reads it: the longest silence, and where polling starts. */
public class WaitSettingsTest {
    record Row(int intervalSeconds, int pollInitial, int pollMax, int silence) {}

    @Test
    public void thePollIntervalBoundsSilenceAndPolling() {
        for (Row row : List.of(new Row(1, 1, 30, 1), new Row(2, 2, 30, 2), new Row(5, 2, 30, 5), new Row(60, 2, 60, 60))) {
            WaitSettings s = WaitSettings.defaults().withPollInterval(Duration.ofSeconds(row.intervalSeconds()));
            String at = "interval " + row.intervalSeconds() + " s";
            assertEquals(at, Duration.ofSeconds(row.pollInitial()), s.pollInitial());
            assertEquals(at, Duration.ofSeconds(row.pollMax()), s.pollMax());
            assertEquals(at, Duration.ofSeconds(row.silence()), s.streamSilence());
        }
    }

    @Test
    public void runningWaitsSeeANewInterval() {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            AtomicReference<WaitSettings> configured = new AtomicReference<>(
                    WaitSettings.defaults().withPollInterval(Duration.ofSeconds(5)));
            WaitRuntime runtime = new WaitRuntime(scheduler, null, configured::get, () -> null, java.time.Clock.systemUTC());
            assertEquals(Duration.ofSeconds(5), runtime.settings().streamSilence());
            configured.set(WaitSettings.defaults().withPollInterval(Duration.ofSeconds(20)));
            assertEquals(Duration.ofSeconds(20), runtime.settings().streamSilence());
            assertEquals(Duration.ofSeconds(30), runtime.longerPoll(Duration.ofSeconds(20)));
        } finally {
            scheduler.shutdownNow();
        }
    }
}
