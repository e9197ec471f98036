package io.jenkins.plugins.gitops.core.wait;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * Everything a wait needs, as plain values: persist it and call {@link Waits#await} again after a restart.
 *
 * @param commit the commit to wait for; {@code null} for rollout targets, which do not know about commits
 * @param deadline absolute point in time after which the wait ends with {@link WaitOutcome.TimedOut}
 */
public record WaitRequest(WaitTarget target, ConfigCommit commit, Instant deadline) implements Serializable {

    public WaitRequest {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(deadline, "deadline");
        if (commit == null && !(target instanceof RolloutTarget)) {
            throw new IllegalArgumentException(target.describe() + " needs the commit to wait for");
        }
    }
}
