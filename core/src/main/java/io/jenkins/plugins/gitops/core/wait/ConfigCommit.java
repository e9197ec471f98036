package io.jenkins.plugins.gitops.core.wait;

import java.io.Serializable;
import java.util.Objects;

/**
 * The commit we pushed to the config repository and are waiting for.
 *
 * @param repositoryUrl URL of the config repository, compared with reconciler source URLs after normalisation
 * @param branch the branch we pushed to, e.g. {@code main}
 * @param defaultBranch the repository's default branch (what {@code HEAD} means), or {@code null} when unknown
 * @param sha full commit id
 */
public record ConfigCommit(String repositoryUrl, String branch, String defaultBranch, String sha) implements Serializable {

    public ConfigCommit {
        Objects.requireNonNull(repositoryUrl, "repositoryUrl");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(sha, "sha");
        branch = branch.startsWith("refs/heads/") ? branch.substring("refs/heads/".length()) : branch;
    }

    /** The first 12 hex digits, as used in log lines and by Flux chart versions. */
    public String shortSha() {
        return sha.length() > 12 ? sha.substring(0, 12) : sha;
    }
}
