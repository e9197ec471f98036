package io.jenkins.plugins.gitops.revert;

import hudson.model.Run;
import io.jenkins.plugins.gitops.GitopsRunAction;
import io.jenkins.plugins.gitops.commit.CommitTarget;
import io.jenkins.plugins.gitops.commit.PullRequestOption;
import io.jenkins.plugins.gitops.core.git.Urls;
import io.jenkins.plugins.gitops.page.CommitLinks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A revert on the build page: which commit it undid, with which commit (or which earlier revert had), and what it
 * left because someone changed it since. Saved with the build, so plain values in a plain class (XStream), no secret.
 */
public final class RevertRecord {
    private final String repository;
    private final String branch;
    private final String reverted;
    private final String commit;
    private final boolean created;
    private final String revertedBy;
    private final ArrayList<String> kept;

    public RevertRecord(String repository, String branch, String reverted, String commit, boolean created, String revertedBy,
            List<String> kept) {
        this.repository = Urls.redact(repository);
        this.branch = branch;
        this.reverted = reverted;
        this.commit = commit;
        this.created = created;
        this.revertedBy = revertedBy;
        this.kept = new ArrayList<>(kept);
    }

    /** Saves the revert with the build, and the revert commit (and its pull request) as a commit the build landed. */
    static void record(Run<?, ?> run, CommitTarget target, RevertOutcome outcome, PullRequestOption pullRequest) {
        if (outcome.landed().created()) outcome.landed().record(run, target, pullRequest);
        GitopsRunAction.recordRevert(run, new RevertRecord(target.url(), outcome.landed().branch(), outcome.reverted(),
                outcome.commit(), outcome.landed().created(), outcome.revertedBy(), outcome.kept()));
    }

    public String getRepository() {
        return repository;
    }

    public String getBranch() {
        return branch;
    }

    /** The commit undone. */
    public String getReverted() {
        return reverted;
    }

    /** The revert commit, the earlier revert, or the tip when nothing was to be restored. */
    public String getCommit() {
        return commit;
    }

    /** Whether this build made the revert commit. */
    public boolean isCreated() {
        return created;
    }

    public String getRevertedBy() {
        return revertedBy;
    }

    public List<String> getKept() {
        return Collections.unmodifiableList(kept);
    }

    public boolean isPartial() {
        return !kept.isEmpty();
    }

    public String getRevertedLink() {
        return CommitLinks.link(repository, reverted);
    }

    public String getLink() {
        return CommitLinks.link(repository, commit);
    }

    public String getShortReverted() {
        return reverted.length() > 12 ? reverted.substring(0, 12) : reverted;
    }

    public String getShortCommit() {
        return commit.length() > 12 ? commit.substring(0, 12) : commit;
    }
}
