package io.jenkins.plugins.gitops.core.wait;

import java.time.Duration;

final class TestSettings {
    static final WaitSettings FAST = new WaitSettings(Duration.ofMillis(20), Duration.ofMillis(100),
            Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofMillis(200));

    /**
     * As {@link #FAST}, with a stream silence longer than any test: a stream that delivers is never second-guessed by
     * a GET ({@code SilenceWatch}), for tests that count what a working stream costs.
     */
    static final WaitSettings STREAMS_TRUSTED = FAST.withStreamSilence(Duration.ofSeconds(30));

    private TestSettings() {
    }
}
