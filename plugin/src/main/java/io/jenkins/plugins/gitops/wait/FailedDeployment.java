package io.jenkins.plugins.gitops.wait;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A deployment that failed under {@code onFailure: 'revert'}: why it failed, the commit reverted and, once made, the
 * revert; it writes the step's final message, which tells both stories. Persisted with the waiting step (a plain
 * class, see {@link WaitCommit}), so that a restart resumes the revert, or the wait for it.
 */
final class FailedDeployment implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String story;
    private final WaitCommit failed;
    private final String revert;
    private final ArrayList<String> kept;

    private FailedDeployment(String story, WaitCommit failed, String revert, List<String> kept) {
        this.story = story;
        this.failed = failed;
        this.revert = revert;
        this.kept = new ArrayList<>(kept);
    }

    /** Why the deployment of {@code failed} failed; the revert is still to be made. */
    static FailedDeployment reverting(String story, WaitCommit failed) {
        return new FailedDeployment(story, failed, null, List.of());
    }

    /** The revert landed as {@code revert}, leaving {@code kept} (changed since) as it was. */
    FailedDeployment reverted(String revert, List<String> kept) {
        return new FailedDeployment(story, failed, revert, kept);
    }

    boolean reverting() {
        return revert == null;
    }

    WaitCommit failed() {
        return failed;
    }

    /** Why the deployment failed. */
    String story() {
        return story;
    }

    String healthy(String detail) {
        return reverted() + "; the revert is applied and healthy: " + detail;
    }

    String notHealthy(String reason) {
        return reverted() + "; but the revert did not become healthy: " + reason;
    }

    /** The revert waits in a pull request, since the branch takes changes that way. */
    String revertInPullRequest(int number, String url, String state) {
        return story + "\nonFailure: 'revert': the revert of " + failed.shortSha() + " is pull request #" + number + " ("
                + url + "), " + state + ": merge it to roll back";
    }

    String revertFailed(String reason) {
        return story + "\nonFailure: 'revert': the revert of " + failed.shortSha() + " failed: " + reason;
    }

    /** @param kept what others changed since, which is why nothing was left to restore; empty: it was restored already */
    String nothingToRevert(List<String> kept) {
        return story + "\nonFailure: 'revert': nothing was reverted: " + (kept.isEmpty()
                ? "the branch already has what " + failed.shortSha() + " replaced"
                : "others changed all that " + failed.shortSha() + " wrote since (" + String.join("; ", kept) + ")");
    }

    private String reverted() {
        StringBuilder text = new StringBuilder(story).append("\nonFailure: 'revert': reverted ").append(failed.shortSha())
                .append(" with ").append(revert.length() > 12 ? revert.substring(0, 12) : revert);
        if (!kept.isEmpty()) {
            text.append(" (left as others changed it since: ").append(String.join("; ", kept)).append(')');
        }
        return text.toString();
    }
}
