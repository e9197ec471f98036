package io.jenkins.plugins.gitops.core.pr;

import java.util.List;

/**
 * What the pull request of a change says and asks for.
 *
 * @param title     its title; required
 * @param body      its description, written by the caller (the engine adds the build and the diff summary)
 * @param labels    labels to add
 * @param reviewers users to ask for a review
 * @param draft     open it as a draft
 * @param base      the branch it merges into; null for the repository's default branch
 * @param autoMerge how the host is to merge it once its checks and reviews pass ({@code merge}, {@code squash} or
 *                  {@code rebase}); null to leave the merge to people
 */
public record PullRequestSpec(String title, String body, List<String> labels, List<String> reviewers, boolean draft,
        String base, String autoMerge) {
    public static final List<String> MERGE_METHODS = List.of("merge", "squash", "rebase");

    public PullRequestSpec(String title, String body, List<String> labels, List<String> reviewers, boolean draft,
            String base) {
        this(title, body, labels, reviewers, draft, base, null);
    }

    public PullRequestSpec {
        if (title == null || title.isBlank()) throw new IllegalArgumentException("pull request: a title is needed");
        body = body == null ? "" : body;
        labels = List.copyOf(labels == null ? List.of() : labels);
        reviewers = List.copyOf(reviewers == null ? List.of() : reviewers);
        base = base == null || base.isBlank() ? null : base.trim();
        autoMerge = autoMerge == null || autoMerge.isBlank() ? null : autoMerge.trim().toLowerCase(java.util.Locale.ROOT);
        if (autoMerge != null && !MERGE_METHODS.contains(autoMerge)) {
            throw new IllegalArgumentException("pull request: merge method '" + autoMerge + "' is not one of "
                    + String.join(", ", MERGE_METHODS));
        }
    }
}
