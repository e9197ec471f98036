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
 */
public record PullRequestSpec(String title, String body, List<String> labels, List<String> reviewers, boolean draft,
        String base) {
    public PullRequestSpec {
        if (title == null || title.isBlank()) throw new IllegalArgumentException("pull request: a title is needed");
        body = body == null ? "" : body;
        labels = List.copyOf(labels == null ? List.of() : labels);
        reviewers = List.copyOf(reviewers == null ? List.of() : reviewers);
        base = base == null || base.isBlank() ? null : base.trim();
    }
}
