package io.jenkins.plugins.gitops.checkout;

import io.jenkins.plugins.gitops.commit.CommitTarget;
import java.io.Serializable;

/**
 * What the checkout of {@code withGitopsRepo} gives back from the node: what to tell the body and what to commit on.
 * Kept with a Pipeline program, so a plain class rather than a record (see {@link CommitTarget}).
 */
final class CheckoutOutcome implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String repository;
    private final String branch;
    private final String commit;
    private final String folder;

    /**
     * @param repository the URL without user-info
     * @param branch     the branch, resolved when none was named
     * @param commit     the branch's tip that was checked out
     * @param folder     the absolute path of the checkout on the node
     */
    CheckoutOutcome(String repository, String branch, String commit, String folder) {
        this.repository = repository;
        this.branch = branch;
        this.commit = commit;
        this.folder = folder;
    }

    String repository() {
        return repository;
    }

    String branch() {
        return branch;
    }

    String commit() {
        return commit;
    }

    String folder() {
        return folder;
    }
}
