package io.jenkins.plugins.gitops.commit;

import hudson.model.TaskListener;
import io.jenkins.plugins.gitops.core.git.BranchQueue;
import java.time.Duration;

/**
 * Makes the pushes of all builds of this controller to one repository and branch take turns, so that they queue
 * instead of racing; it lives on the controller, whichever agent does the git work.
 */
public final class CommitQueue {
    static final Duration MAX_WAIT = Duration.ofMinutes(10);

    public interface Work<T> {
        T run() throws Exception;
    }

    private CommitQueue() {}

    public static <T> T run(String url, String branch, String owner, TaskListener listener, Work<T> work) throws Exception {
        return run(url, branch, owner, MAX_WAIT, listener, work);
    }

    /** As above, waiting at most {@code maxWait} for the turn (a step's timeout, which counts the queue). */
    public static <T> T run(String url, String branch, String owner, Duration maxWait, TaskListener listener, Work<T> work)
            throws Exception {
        try (BranchQueue.Turn turn = BranchQueue.await(url, branch, owner, maxWait,
                line -> listener.getLogger().println("[gitops] " + line))) {
            return work.run();
        }
    }
}
