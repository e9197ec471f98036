package io.jenkins.plugins.gitops.wait;

import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.gitops.GitopsRunAction;
import io.jenkins.plugins.gitops.commit.CommitTarget;
import io.jenkins.plugins.gitops.commit.PullRequestOption;
import io.jenkins.plugins.gitops.config.ConfigRepository;
import io.jenkins.plugins.gitops.config.ControllerCache;
import io.jenkins.plugins.gitops.config.GitopsConfiguration;
import io.jenkins.plugins.gitops.core.git.CommitRequest;
import io.jenkins.plugins.gitops.core.wait.RepoUrls;
import io.jenkins.plugins.gitops.credentials.CredentialLookup;
import io.jenkins.plugins.gitops.credentials.CredentialsResolver;
import io.jenkins.plugins.gitops.pullrequest.PullRequestRecord;
import io.jenkins.plugins.gitops.revert.RevertOutcome;
import io.jenkins.plugins.gitops.revert.RevertRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reverts the commit a failed {@code gitopsWait} waited for ({@code onFailure: 'revert'}): in the configured repository
 * it was pushed to, with that repository's author and push attempts, else as the commit was pushed; signed with the
 * key the commit was signed with (the step's or the repository's); through a pull request when the commit landed as
 * the merge of one.
 * Someone's later change to one of our values is kept and reported ({@code partial: 'allow'}): rolling back what can
 * be rolled back never undoes their work.
 */
final class WaitRevert {
    private final CredentialLookup lookup;
    private final Supplier<List<ConfigRepository>> repositories;
    private final Supplier<Path> cacheRoot;
    private final java.util.concurrent.Executor work;

    WaitRevert(CredentialLookup lookup, Supplier<List<ConfigRepository>> repositories, Supplier<Path> cacheRoot) {
        this(lookup, repositories, cacheRoot, java.util.concurrent.Executors.newCachedThreadPool(
                io.jenkins.plugins.gitops.core.concurrent.OwnThreads.daemonsNamed("gitopsWait revert")));
    }

    /** @param work where reverts run (tests hold them back, as a controller that stops before it gets to them) */
    WaitRevert(CredentialLookup lookup, Supplier<List<ConfigRepository>> repositories, Supplier<Path> cacheRoot,
            java.util.concurrent.Executor work) {
        this.lookup = lookup;
        this.repositories = repositories;
        this.cacheRoot = cacheRoot;
        this.work = work;
    }

    static WaitRevert controller() {
        return new WaitRevert(CredentialLookup.JENKINS, () -> GitopsConfiguration.get().getRepositories(),
                ControllerCache::root);
    }

    /** Runs {@code revert} off the wait's threads: a revert fetches and pushes, which the report thread must not wait for. */
    void submit(Runnable revert) {
        work.execute(revert);
    }

    RevertOutcome revert(WaitCommit commit, Run<?, ?> run, TaskListener listener) throws AbortException {
        if (!commit.knowsRepository()) {
            throw new AbortException("the config repository of " + commit.shortSha() + " is unknown");
        }
        RevertRun.What what = new RevertRun.What(commit.sha(), null, true, null, false, CommitRequest.DEFAULT_MAX_DURATION);
        return RevertRun.run("gitopsWait", target(commit), throughPullRequest(commit, run), what, run, listener,
                new CredentialsResolver(lookup), cacheRoot.get());
    }

    /**
     * A commit that landed as the merge of a pull request of this build is reverted through a pull request too, to
     * the same host with the same API credentials: its branch takes changes that way. Null for one pushed to the branch.
     */
    private static PullRequestOption throughPullRequest(WaitCommit commit, Run<?, ?> run) {
        GitopsRunAction action = run.getAction(GitopsRunAction.class);
        if (action == null) return null;
        for (PullRequestRecord pr : action.getPullRequests()) {
            if (commit.sha().equals(pr.getMergeCommit())) {
                PullRequestOption option = new PullRequestOption(pr.credentialsId());
                option.setHost(pr.getHost());
                option.setApiUrl(pr.getApiUrl());
                option.setTitle("Revert " + commit.shortSha() + ": its deployment failed");
                return option;
            }
        }
        return null;
    }

    private CommitTarget target(WaitCommit commit) throws AbortException {
        Optional<ConfigRepository> configured = repositories.get().stream()
                .filter(r -> RepoUrls.sameRepository(r.getUrl(), commit.repositoryUrl())).findFirst();
        CommitTarget target = configured.isEmpty()
                ? CommitTarget.recorded(commit.repositoryUrl(), commit.credentialsId(), commit.branch(), commit.transport())
                : CommitTarget.resolve("gitopsWait", configured.get().getName(), "", commit.credentialsId(),
                        commit.branch(), name -> configured);
        return target.signedWith(commit.signingKeyCredentialsId(), commit.signingPassphraseCredentialsId());
    }
}
