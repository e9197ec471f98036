package io.jenkins.plugins.gitops.core.wait;

import java.time.Duration;

final class TestSettings {
    static final WaitSettings FAST = new WaitSettings(Duration.ofMillis(20), Duration.ofMillis(100),
            Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofMillis(200));

    private TestSettings() {
    }
}
