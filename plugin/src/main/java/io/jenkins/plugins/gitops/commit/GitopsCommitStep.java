package io.jenkins.plugins.gitops.commit;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.gitops.pullrequest.PullRequestRecord;
import io.jenkins.plugins.gitops.pullrequest.PullRequestRef;
import io.jenkins.plugins.gitops.changes.GitopsChange;
import io.jenkins.plugins.gitops.core.pr.ApiToken;
import io.jenkins.plugins.gitops.config.RepositoryDirectory;
import io.jenkins.plugins.gitops.credentials.CredentialLookup;
import io.jenkins.plugins.gitops.credentials.CredentialsResolver;
import io.jenkins.plugins.gitops.credentials.GitAuth;
import io.jenkins.plugins.gitops.signing.SigningKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code gitopsCommit}: makes declarative changes in a config repository, commits them with trailers that lead back to
 * the build, and lands the commit on the branch even when other pipelines push at the same time.
 */
public final class GitopsCommitStep extends ConfigRepositoryStep {

    private final List<GitopsChange> changes;
    private String sourceCommit = "";
    private boolean dryRun;
    private String startFrom = "";
    private int timeout;

    @DataBoundConstructor
    public GitopsCommitStep(List<GitopsChange> changes) {
        this.changes = changes == null ? List.of() : new ArrayList<>(changes);
    }

    /** The application commit the change comes from; defaults to the build's {@code GIT_COMMIT}. */
    @DataBoundSetter
    public void setSourceCommit(String sourceCommit) {
        this.sourceCommit = trim(sourceCommit);
    }

    /** The branch that {@code branch} is created from when it does not exist yet; the remote's default branch if empty. */
    @DataBoundSetter
    public void setStartFrom(String startFrom) {
        this.startFrom = trim(startFrom);
    }

    /** Seconds the whole commit may take, waiting in the queue included; 0 for the default of 120. */
    @DataBoundSetter
    public void setTimeout(int timeout) {
        this.timeout = Math.max(0, timeout);
    }

    @DataBoundSetter
    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    public List<GitopsChange> getChanges() {
        return List.copyOf(changes);
    }

    public String getSourceCommit() {
        return sourceCommit;
    }

    public String getStartFrom() {
        return startFrom;
    }

    public boolean isDryRun() {
        return dryRun;
    }

    public int getTimeout() {
        return timeout;
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new Execution(context, this, CredentialLookup.JENKINS, RepositoryDirectory.JENKINS);
    }

    /** The transaction in plain values, for the node that does the git work. */
    CommitCallable.Request request(CommitTarget target, GitAuth auth, Run<?, ?> run, EnvVars env) {
        return request(target, auth, run, env, null, (ApiToken) null);
    }

    /** @param pullRequestToken the pull-request host's token, when {@code pullRequest} is set */
    CommitCallable.Request request(CommitTarget target, GitAuth auth, Run<?, ?> run, EnvVars env,
            SigningKey signingKey, ApiToken pullRequestToken) {
        PullRequestOption pullRequest = target.pullRequest(getPullRequest());
        String job = BuildIdentity.job(run);
        String number = String.valueOf(run.getNumber());
        String buildUrl = BuildIdentity.url(run);
        Map<String, String> variables = BuildIdentity.variables(run, env);
        String source = !sourceCommit.isEmpty() ? sourceCommit : variables.get("GIT_COMMIT");
        return new CommitCallable.Request(target, target.message(getMessage(), variables), changes, auth, buildUrl, job, number,
                variables.get("GIT_URL"), source, changeId(target, run), isSkipCi(), dryRun, BuildIdentity.describe(run),
                startFrom, timeout, signingKey, pullRequest == null ? null : CommitCallable.PullRequestCall.of(pullRequest,
                        target.message(getMessage(), variables), pullRequestToken));
    }

    /** This build and what this step changes. */
    private String changeId(CommitTarget target, Run<?, ?> run) {
        StringBuilder what = new StringBuilder(target.url()).append('\n').append(target.branch());
        for (GitopsChange change : changes) {
            what.append('\n').append(change.toChange(IDENTITY_WORKSPACE).describe());
        }
        return BuildIdentity.changeId(run, what.toString());
    }

    /** Stands for the workspace where only the identity of a change matters. */
    private static final Path IDENTITY_WORKSPACE = Path.of("/workspace");

    /** Runs the transaction on the workspace's node; the controller keeps the per-branch queue. */
    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        private final transient GitopsCommitStep step;
        private final transient CredentialLookup lookup;
        private final transient RepositoryDirectory directory;

        Execution(StepContext context, GitopsCommitStep step, CredentialLookup lookup, RepositoryDirectory directory) {
            super(context);
            this.step = step;
            this.lookup = lookup;
            this.directory = directory;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            FilePath workspace = getContext().get(FilePath.class);
            EnvVars env = getContext().get(EnvVars.class);
            if (step.changes.isEmpty()) {
                throw new AbortException("gitopsCommit: 'changes' is empty: nothing to commit");
            }
            CommitTarget target = CommitTarget.resolve("gitopsCommit", step.getRepository(), step.getUrl(),
                    step.getCredentialsId(), step.getBranch(), directory)
                    .signedWith(step.getSigningKeyCredentialsId(), step.getSigningPassphraseCredentialsId());
            CredentialsResolver credentials = new CredentialsResolver(lookup);
            GitAuth auth = credentials.git(target.credentialsId(), run);
            SigningKey signingKey = credentials.signingKey(target.signingKeyCredentialsId(),
                    target.signingPassphraseCredentialsId(), run);
            PullRequestOption pullRequest = target.pullRequest(step.getPullRequest());
            ApiToken pullRequestToken = pullRequest == null ? null
                    : pullRequest.token(credentials, run, target, "gitopsCommit");
            CommitCallable.Request request;
            try {
                request = step.request(target, auth, run, env, signingKey, pullRequestToken);
            } catch (IllegalArgumentException e) {
                throw new AbortException("gitopsCommit: " + e.getMessage());
            }
            CommitCallable callable = new CommitCallable(request, listener);
            // On the controller the engine's own queue applies, and lands queued commits of several builds in one
            // push; an agent's engine sees only its own, so the controller makes the agents take turns.
            CommitOutcome outcome = workspace.isRemote()
                    ? CommitQueue.run(target.url(), target.branch(), request.owner(),
                            step.getTimeout() > 0 ? java.time.Duration.ofSeconds(step.getTimeout())
                                    : io.jenkins.plugins.gitops.core.git.CommitRequest.DEFAULT_MAX_DURATION,
                            listener, () -> workspace.act(callable))
                    : workspace.act(callable);
            outcome.report(listener.getLogger(), "nothing to change");
            Map<String, Object> value = outcome.toMap();
            if (!outcome.dryRun()) {
                PullRequestRecord pr = outcome.record(run, target, pullRequest);
                if (pr != null) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> shown = (Map<String, Object>) value.get("pullRequest");
                    shown.putAll(PullRequestRef.whereToFind(pr));
                }
            }
            return value;
        }
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "gitopsCommit";
        }

        @Override
        public String getDisplayName() {
            return "Commit changes to a GitOps config repository";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, FilePath.class);
        }
    }
}
