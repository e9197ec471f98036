package io.jenkins.plugins.gitops.core.git;

import java.time.Duration;

/** Waits between push attempts; tests replace it so that they never sleep. */
@FunctionalInterface
public interface Sleeper {
    Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

    void sleep(Duration duration) throws InterruptedException;

    /** Waits before the next push attempt to {@code shownUrl}; an interrupt ends the transaction, saying so. */
    default void pauseBeforeRetry(Duration delay, String shownUrl) {
        try {
            sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitopsException("Interrupted while waiting to retry the push to " + shownUrl, e);
        }
    }
}
