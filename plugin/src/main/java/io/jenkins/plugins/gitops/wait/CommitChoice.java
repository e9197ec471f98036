package io.jenkins.plugins.gitops.wait;

import hudson.AbortException;
import hudson.model.Run;
import io.jenkins.plugins.gitops.GitopsRunAction;
import io.jenkins.plugins.gitops.core.git.Urls;
import io.jenkins.plugins.gitops.core.wait.RepoUrls;
import io.jenkins.plugins.gitops.targets.TargetSpec;
import io.jenkins.plugins.gitops.targets.WaitConfiguration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which config commit a {@code gitopsWait} waits for, and where it lives: the step's {@code commit}, {@code repository}
 * and {@code branch}, read against what the build recorded and the global configuration, once, when the step starts.
 */
final class CommitChoice {
    private static final Pattern SHA = Pattern.compile("[0-9a-fA-F]{7,64}");

    private final String commitGiven;
    private final String repository;
    private final String branchGiven;
    private final WaitConfiguration configuration;

    CommitChoice(GitopsWaitStep step, WaitConfiguration configuration) {
        this.commitGiven = step.getCommit();
        this.repository = step.getRepository();
        this.branchGiven = step.getBranch();
        this.configuration = configuration;
    }

    /**
     * The commit given, or the build's last. The repository and branch to check ancestry in come from the
     * {@code gitopsCommit} that recorded it, else from the step's {@code repository}; naming a repository that the
     * recorded commit was not pushed to is an error, not silently ignored.
     */
    WaitCommit choose(Run<?, ?> build, List<TargetSpec> targets) throws AbortException {
        if (!branchGiven.isEmpty() && repository.isEmpty()) {
            throw new AbortException("gitopsWait: branch: needs repository: (the configured repository it belongs to)");
        }
        GitopsRunAction action = build.getAction(GitopsRunAction.class);
        if (commitGiven.isEmpty()) {
            GitopsRunAction.CommitRecord last = action == null ? null : action.lastCommit();
            if (last == null) {
                throw new AbortException("gitopsWait: this build made no gitopsCommit to wait for; give commit:");
            }
            return recorded(last);
        }
        if (!SHA.matcher(commitGiven).matches()) {
            throw new AbortException("gitopsWait: commit must be a commit SHA, not '" + commitGiven + "'");
        }
        GitopsRunAction.CommitRecord recorded = action == null ? null : action.findCommit(commitGiven);
        if (recorded != null) {
            return recorded(recorded);
        }
        if (!repository.isEmpty()) {
            WaitConfiguration.RepositoryLocation location = namedRepository();
            String branch = namedBranch().isEmpty() ? location.defaultBranch() : namedBranch();
            if (branch == null) {
                throw new AbortException("gitopsWait: repository '" + repository
                        + "' has no default branch configured; give branch:");
            }
            return WaitCommit.configured(commitGiven, location, branch);
        }
        if (targets.stream().anyMatch(t -> t instanceof TargetSpec.ArgoCd)) {
            throw new AbortException("gitopsWait: commit " + commitGiven + " was not made by a gitopsCommit of this "
                    + "build, so its config repository is unknown, and Argo CD targets need it to find the application's "
                    + "source; name it with repository: (and branch:), or wait in the build that committed it");
        }
        return WaitCommit.unknownRepository(commitGiven);
    }

    /** A commit this build pushed; {@code repository:} and {@code branch:}, when given, must say the same. */
    private WaitCommit recorded(GitopsRunAction.CommitRecord record) throws AbortException {
        WaitCommit commit = WaitCommit.of(record);
        if (repository.isEmpty()) {
            return commit;
        }
        WaitConfiguration.RepositoryLocation location = namedRepository();
        boolean sameRepository = RepoUrls.sameRepository(location.url(), commit.repositoryUrl());
        boolean sameBranch = namedBranch().isEmpty() || namedBranch().equals(commit.branch());
        if (!sameRepository || !sameBranch) {
            throw new AbortException("gitopsWait: commit " + commit.shortSha() + " was pushed by this build to "
                    + commit.branch() + " of " + Urls.redact(commit.repositoryUrl()) + ", not to "
                    + (sameBranch ? "" : branchGiven + " of ") + "repository '" + repository + "' ("
                    + Urls.redact(location.url()) + "); drop repository:" + (branchGiven.isEmpty() ? "" : " and branch:")
                    + " or name the repository it was pushed to");
        }
        return commit;
    }

    /** The step's {@code branch}, without {@code refs/heads/}. */
    private String namedBranch() {
        String branch = branchGiven;
        return branch.startsWith("refs/heads/") ? branch.substring("refs/heads/".length()) : branch;
    }

    private WaitConfiguration.RepositoryLocation namedRepository() throws AbortException {
        try {
            return configuration.repository(repository);
        } catch (AbortException e) {
            throw new AbortException("gitopsWait: " + e.getMessage());
        }
    }

}
