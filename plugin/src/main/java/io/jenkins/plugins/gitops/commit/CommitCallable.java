package io.jenkins.plugins.gitops.commit;

import hudson.AbortException;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.gitops.changes.GitopsChange;
import io.jenkins.plugins.gitops.core.change.Change;
import io.jenkins.plugins.gitops.core.edit.EditException;
import io.jenkins.plugins.gitops.core.git.BuildInfo;
import io.jenkins.plugins.gitops.core.git.CommitRequest;
import io.jenkins.plugins.gitops.core.git.CommitResult;
import io.jenkins.plugins.gitops.core.git.GitopsCommitter;
import io.jenkins.plugins.gitops.core.git.TransactionListener;
import io.jenkins.plugins.gitops.core.git.GitopsException;
import io.jenkins.plugins.gitops.core.git.SourceCommits;
import io.jenkins.plugins.gitops.core.git.Urls;
import io.jenkins.plugins.gitops.credentials.GitAuth;
import io.jenkins.plugins.gitops.signing.SigningKey;
import java.io.File;
import java.io.IOException;
import io.jenkins.plugins.gitops.core.pr.ApiToken;
import io.jenkins.plugins.gitops.core.pr.PullRequestHost;
import io.jenkins.plugins.gitops.core.pr.PullRequestHosts;
import io.jenkins.plugins.gitops.core.pr.PullRequestCommitter;
import io.jenkins.plugins.gitops.core.pr.PullRequestException;
import io.jenkins.plugins.gitops.core.pr.PullRequestSpec;
import java.io.Serializable;
import java.time.Duration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jenkins.MasterToSlaveFileCallable;

/**
 * The git work of {@code gitopsCommit}, on the node that holds the workspace. It carries plain values only: the
 * changes, the target, and the credentials' values (never a Jenkins credentials object).
 */
public final class CommitCallable extends MasterToSlaveFileCallable<CommitOutcome> {
    private static final long serialVersionUID = 1L;
    public static final String CACHE_DIR_PROPERTY = "gitops.cacheDir";

    /** What a pull request needs on the node that opens it; the token is the host's, looked up on the controller. */
    public record PullRequestCall(String host, String title, String body, List<String> labels, List<String> reviewers,
            boolean draft, String autoMerge, String apiUrl, String token, String user) implements Serializable {
        /** @throws IllegalArgumentException for a spec the engine would refuse, before anything is sent to a node */
        public static PullRequestCall of(PullRequestOption option, String message, ApiToken auth) {
            String user = auth instanceof ApiToken.Basic basic ? basic.user() : null;
            String token = auth instanceof ApiToken.Basic basic ? basic.password() : auth == null ? null : auth.current();
            String subject = message == null ? "" : message.lines().findFirst().orElse("");
            String title = !option.getTitle().isEmpty() ? option.getTitle() : subject.isBlank() ? "Update config" : subject;
            PullRequestCall call = new PullRequestCall(option.getHost(), title, option.getBody(), option.getLabels(),
                    option.getReviewers(), option.isDraft(), option.isAutoMerge() ? option.getMergeMethod() : null,
                    option.getApiUrl(), token, user);
            call.spec();
            return call;
        }

        PullRequestSpec spec() {
            return new PullRequestSpec(title, body, labels, reviewers, draft, null, autoMerge);
        }

        /** Lands {@code commit} through the pull request, on the node that runs this. */
        public CommitOutcome land(CommitRequest commit, TransactionListener log) {
            PullRequestCommitter.Result landed = open(commit, log, cacheRoot());
            return CommitOutcome.of(landed.commit()).withPullRequest(landed.pullRequest());
        }

        /** Commits to our branch with the engine on {@code cacheRoot} and opens or updates the pull request. */
        public PullRequestCommitter.Result open(CommitRequest commit, TransactionListener log, Path cacheRoot) {
            ApiToken auth = user == null ? ApiToken.fixed(token) : ApiToken.basic(user, token);
            PullRequestHost pulls = PullRequestHosts.forRepository(host, commit.url(), apiUrl, auth, Duration.ofSeconds(30),
                    null);
            return new PullRequestCommitter(new GitopsCommitter(cacheRoot)).commit(commit, spec(), pulls, log);
        }

        @Override
        public String toString() {
            return "PullRequestCall[" + title + (user == null ? "" : ", " + user) + ", ****]";
        }
    }

    /** The transaction, in plain serializable values. */
    record Request(CommitTarget target, String message, List<GitopsChange> changes, GitAuth auth, String buildUrl,
            String job, String buildNumber, String sourceRepository, String sourceCommit, String changeId, boolean skipCi,
            boolean dryRun, String owner, String startFrom, int timeoutSeconds, SigningKey signingKey,
            PullRequestCall pullRequest)
            implements Serializable {
        Request {
            changes = List.copyOf(changes);
        }
    }

    private final Request request;
    private final TaskListener listener;

    CommitCallable(Request request, TaskListener listener) {
        this.request = request;
        this.listener = listener;
    }

    @Override
    public CommitOutcome invoke(File workspace, VirtualChannel channel) throws IOException, InterruptedException {
        try {
            List<Change> changes = new ArrayList<>();
            for (GitopsChange change : request.changes()) {
                changes.add(change.toChange(workspace.toPath()));
            }
            CommitTarget target = request.target();
            CommitRequest commit = CommitRequest.builder(target.url())
                    .branch(target.branch())
                    .message(request.message())
                    .changes(changes)
                    .author(target.author())
                    .build(new BuildInfo(request.buildUrl(), request.job(), request.buildNumber()))
                    .source(SourceCommits.read(workspace.toPath(), request.sourceRepository(), request.sourceCommit()))
                    .idempotencyKey(request.changeId())
                    .skipCi(request.skipCi())
                    .dryRun(request.dryRun())
                    .credentials(request.auth().toEngine())
                    .maxAttempts(target.pushAttempts())
                    .transport(request.auth().transport(target.transport()))
                    .owner(request.owner())
                    .startFrom(request.startFrom())
                    .maxDuration(java.time.Duration.ofSeconds(request.timeoutSeconds()))
                    .signer(request.signingKey() == null ? null : request.signingKey().signer())
                    .build();
            BuildLog log = new BuildLog(listener.getLogger());
            if (request.pullRequest() != null) return request.pullRequest().land(commit, log).signedBy(commit.signer());
            return CommitOutcome.of(new GitopsCommitter(cacheRoot()).commit(commit, log)).signedBy(commit.signer());
        } catch (GitopsException | EditException | IllegalArgumentException | PullRequestException e) {
            throw new AbortException("gitopsCommit: " + Urls.redactAll(e.getMessage()));
        }
    }

    /** Read on the agent: {@code -Dgitops.cacheDir}, or {@code ~/.cache/gitops-bridge} of the agent's user. */
    static Path cacheRoot() {
        String configured = System.getProperty(CACHE_DIR_PROPERTY);
        return configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "gitops-bridge");
    }
}
