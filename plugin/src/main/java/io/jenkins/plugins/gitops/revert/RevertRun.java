package io.jenkins.plugins.gitops.revert;

import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.gitops.commit.BuildIdentity;
import io.jenkins.plugins.gitops.commit.BuildLog;
import io.jenkins.plugins.gitops.commit.CommitCallable;
import io.jenkins.plugins.gitops.commit.CommitOutcome;
import io.jenkins.plugins.gitops.commit.CommitTarget;
import io.jenkins.plugins.gitops.commit.PullRequestOption;
import io.jenkins.plugins.gitops.core.git.BuildInfo;
import io.jenkins.plugins.gitops.core.git.CommitRequest;
import io.jenkins.plugins.gitops.core.git.GitopsException;
import io.jenkins.plugins.gitops.core.git.Urls;
import io.jenkins.plugins.gitops.core.pr.PullRequest;
import io.jenkins.plugins.gitops.core.pr.PullRequestCommitter;
import io.jenkins.plugins.gitops.core.pr.PullRequestException;
import io.jenkins.plugins.gitops.core.revert.RevertRequest;
import io.jenkins.plugins.gitops.core.revert.RevertResult;
import io.jenkins.plugins.gitops.core.revert.Reverter;
import io.jenkins.plugins.gitops.core.sign.CommitSigner;
import io.jenkins.plugins.gitops.credentials.CredentialsResolver;
import io.jenkins.plugins.gitops.credentials.GitAuth;
import io.jenkins.plugins.gitops.signing.SigningKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One revert of a config commit, done on the controller (a revert reads no workspace, and a wait that reverts holds
 * no executor): the target's credentials and signing key are looked up for the build, the revert lands on the branch
 * or through the target's pull request, and it is recorded on the build page.
 */
public final class RevertRun {
    private RevertRun() {}

    /** What to revert and how. */
    public record What(String sha, String changeId, boolean allowPartial, String message, boolean skipCi,
            Duration timeout) {}

    public static RevertOutcome run(String function, CommitTarget target, PullRequestOption pullRequest, What what,
            Run<?, ?> run, TaskListener listener, CredentialsResolver credentials, Path cacheRoot) throws AbortException {
        GitAuth auth = credentials.git(target.credentialsId(), run);
        SigningKey key = credentials.signingKey(target.signingKeyCredentialsId(), target.signingPassphraseCredentialsId(),
                run);
        CommitCallable.PullRequestCall call = pullRequest == null ? null : CommitCallable.PullRequestCall.of(pullRequest,
                null, pullRequest.token(credentials, run, target, function));
        try {
            CommitSigner signer = key == null ? null : key.signer();
            CommitRequest base = CommitRequest.builder(target.url())
                    .branch(target.branch())
                    .author(target.author())
                    .build(new BuildInfo(BuildIdentity.url(run), BuildIdentity.job(run), String.valueOf(run.getNumber())))
                    .credentials(auth.toEngine())
                    .maxAttempts(target.pushAttempts())
                    .maxDuration(what.timeout())
                    .skipCi(what.skipCi())
                    .transport(auth.transport(target.transport()))
                    .owner(BuildIdentity.describe(run))
                    .signer(signer)
                    .build();
            AtomicReference<PullRequest> opened = new AtomicReference<>();
            Reverter.Lander lander = call == null ? new io.jenkins.plugins.gitops.core.git.GitopsCommitter(cacheRoot)::commit
                    : (revert, log) -> {
                        PullRequestCommitter.Result landed = call.open(revert, log, cacheRoot);
                        opened.set(landed.pullRequest());
                        return landed.commit();
                    };
            RevertResult result = new Reverter(cacheRoot, lander).revert(new RevertRequest(base, what.sha(),
                    what.changeId(), what.allowPartial(), what.message()), new BuildLog(listener.getLogger()));
            CommitOutcome landed = CommitOutcome.of(result.commit()).signedBy(signer).withPullRequest(opened.get());
            RevertOutcome outcome = RevertOutcome.of(result, landed);
            landed.report(listener.getLogger(), "nothing to commit");
            outcome.report(listener.getLogger());
            RevertRecord.record(run, target, outcome, pullRequest);
            return outcome;
        } catch (GitopsException | IllegalArgumentException | PullRequestException e) {
            throw new AbortException(function + ": " + Urls.redactAll(e.getMessage()));
        }
    }
}
