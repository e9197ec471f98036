package io.jenkins.plugins.gitops.core.git;

import java.time.Duration;

/** Waits between push attempts; tests replace it so that they never sleep. */
@FunctionalInterface
public interface Sleeper {
    Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
