package io.jenkins.plugins.gitops.core.pr;

/**
 * A pull request as its host reports it.
 *
 * @param number      its number on the host
 * @param url         its page, for people
 * @param state       {@code open}, {@code closed} (without merge) or {@code merged}
 * @param branch      the branch it merges from (ours)
 * @param base        the branch it merges into
 * @param headSha     the commit at the tip of {@code branch}, as the host saw it
 * @param mergeCommit the commit the merge left on {@code base}; null unless merged
 * @param created     whether this run opened it (false: an earlier run of the same change did)
 * @param mergeable   whether the host can merge it; null while the host is still computing that
 * @param mergeState  the host's word for why it can or cannot be merged (GitHub's {@code mergeable_state}: clean,
 *                    dirty for a conflict, blocked for a required review or check, behind, unstable, draft...)
 */
public record PullRequest(int number, String url, String state, String branch, String base, String headSha,
        String mergeCommit, boolean created, Boolean mergeable, String mergeState) {
}
