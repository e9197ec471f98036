package io.jenkins.plugins.gitops.core.pr;

/** How a wait for a pull request's merge ended. */
public sealed interface MergeOutcome {
    /** The pull request as last seen; null when the host never answered. */
    PullRequest pullRequest();

    /** Merged: {@link PullRequest#mergeCommit()} is the commit the host left on the base branch. */
    record Merged(PullRequest pullRequest) implements MergeOutcome {}

    /** It will not merge as it is: closed without merging, a conflict, a refusal of the host. */
    record Failed(PullRequest pullRequest, String reason) implements MergeOutcome {}

    record TimedOut(PullRequest pullRequest, String diagnosis) implements MergeOutcome {}
}
