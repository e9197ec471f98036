package io.jenkins.plugins.gitops.core.revert;

import io.jenkins.plugins.gitops.core.git.CommitRequest;

/**
 * A revert of one commit, found by its SHA or by its change ID, made as {@code commit} says (repository, branch,
 * author, build, credentials, signer, attempts; its changes and message are ignored, and its idempotency key is the
 * revert's own when given).
 *
 * @param sha          the commit to revert (full or abbreviated), or null to find it by {@code changeId}
 * @param changeId     the {@code Gitops-Change-Id} of the commit to revert, when no SHA is given
 * @param allowPartial restore what can be restored when someone changed some of it since; else change nothing
 * @param message      the revert's commit message; null for {@code Revert "<subject>"} and what it restores
 */
public record RevertRequest(CommitRequest commit, String sha, String changeId, boolean allowPartial, String message) {
    public RevertRequest {
        sha = blankToNull(sha);
        changeId = blankToNull(changeId);
        message = blankToNull(message);
        if ((sha == null) == (changeId == null)) {
            throw new IllegalArgumentException("Give the commit to revert by its SHA or by its change ID (one of them)");
        }
        if (sha != null && !sha.matches("[0-9a-fA-F]{7,40}")) {
            throw new IllegalArgumentException("The commit to revert must be a commit SHA (7 to 40 hex digits), not '"
                    + sha + "'");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
