package io.jenkins.plugins.gitops.checkout;

import hudson.AbortException;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.gitops.commit.BuildLog;
import io.jenkins.plugins.gitops.commit.CommitCallable;
import io.jenkins.plugins.gitops.commit.CommitOutcome;
import io.jenkins.plugins.gitops.core.pr.PullRequestException;
import io.jenkins.plugins.gitops.commit.CommitTarget;
import io.jenkins.plugins.gitops.core.git.BuildInfo;
import io.jenkins.plugins.gitops.core.git.CheckoutCommitter;
import io.jenkins.plugins.gitops.core.git.CommitRequest;
import io.jenkins.plugins.gitops.core.git.GitopsException;
import io.jenkins.plugins.gitops.core.git.SourceCommits;
import io.jenkins.plugins.gitops.core.git.Urls;
import io.jenkins.plugins.gitops.credentials.GitAuth;
import io.jenkins.plugins.gitops.signing.SigningKey;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import jenkins.MasterToSlaveFileCallable;

/**
 * The commit and push at the end of {@code withGitopsRepo}, on the node that holds the workspace, in plain values:
 * everything that changed in the checkout becomes one commit on the branch, by the repository's author, with its SSH
 * known hosts and push attempts.
 */
final class CommitChangesCallable extends MasterToSlaveFileCallable<CommitOutcome> {
    private static final long serialVersionUID = 1L;

    /** The transaction, in plain serializable values. */
    record Request(CommitTarget target, String branch, String dir, String baseCommit, String message, GitAuth auth,
            String buildUrl, String job, String buildNumber, String sourceRepository, String sourceCommit,
            String changeId, boolean skipCi, String owner, SigningKey signingKey, CommitCallable.PullRequestCall pullRequest)
            implements Serializable {}

    private final Request request;
    private final TaskListener listener;

    CommitChangesCallable(Request request, TaskListener listener) {
        this.request = request;
        this.listener = listener;
    }

    @Override
    public CommitOutcome invoke(File workspace, VirtualChannel channel) throws IOException, InterruptedException {
        try {
            Path folder = WorkspaceFolder.resolve(workspace.toPath(), request.dir());
            CommitTarget target = request.target();
            CommitRequest commit = CommitRequest.builder(target.url())
                    .branch(request.branch())
                    .message(request.message())
                    .author(target.author())
                    .build(new BuildInfo(request.buildUrl(), request.job(), request.buildNumber()))
                    .source(SourceCommits.read(workspace.toPath(), request.sourceRepository(), request.sourceCommit()))
                    .idempotencyKey(request.changeId())
                    .skipCi(request.skipCi())
                    .credentials(request.auth().toEngine())
                    .maxAttempts(target.pushAttempts())
                    .transport(request.auth().transport(target.transport()))
                    .owner(request.owner())
                    .signer(request.signingKey() == null ? null : request.signingKey().signer())
                    .build();
            BuildLog log = new BuildLog(listener.getLogger());
            CheckoutCommitter committer = new CheckoutCommitter();
            if (request.pullRequest() != null) {
                CommitRequest changes = commit.withChanges(committer.changesSince(folder, request.baseCommit(), target.url()));
                return request.pullRequest().land(changes, log).signedBy(commit.signer());
            }
            return CommitOutcome.of(committer.commitChanges(folder, request.baseCommit(), commit, log))
                    .signedBy(commit.signer());
        } catch (GitopsException | PullRequestException | IllegalArgumentException e) {
            throw new AbortException(ConfigCheckout.FUNCTION + ": " + Urls.redactAll(e.getMessage()));
        }
    }
}
