package io.jenkins.plugins.gitops.revert;

import hudson.AbortException;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.gitops.commit.CommitTarget;
import io.jenkins.plugins.gitops.commit.ConfigRepositoryStep;
import io.jenkins.plugins.gitops.config.ControllerCache;
import io.jenkins.plugins.gitops.config.RepositoryDirectory;
import io.jenkins.plugins.gitops.core.git.CommitRequest;
import io.jenkins.plugins.gitops.credentials.CredentialLookup;
import io.jenkins.plugins.gitops.credentials.CredentialsResolver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code gitopsRevert}: undoes a config commit the GitOps way, on the branch's current tip, restoring what it replaced
 * only where nobody changed it since. It needs no workspace: the controller does the git work.
 */
public final class GitopsRevertStep extends ConfigRepositoryStep {
    private String commit = "";
    private String changeId = "";
    private String partial = "fail";
    private int timeout;

    @DataBoundConstructor
    public GitopsRevertStep() {}

    /** The commit to revert: {@code r.commit} of {@code gitopsCommit}, or any SHA on the branch. */
    @DataBoundSetter
    public void setCommit(String commit) {
        this.commit = trim(commit);
    }

    /** The commit to revert, by its {@code Gitops-Change-Id} trailer. */
    @DataBoundSetter
    public void setChangeId(String changeId) {
        this.changeId = trim(changeId);
    }

    /** {@code fail} (nothing is reverted when something cannot be) or {@code allow} (the rest is). */
    @DataBoundSetter
    public void setPartial(String partial) {
        this.partial = trim(partial).isEmpty() ? "fail" : trim(partial);
    }

    /** Seconds the revert may take; 0 for the default of 120. */
    @DataBoundSetter
    public void setTimeout(int timeout) {
        this.timeout = Math.max(0, timeout);
    }

    public String getCommit() {
        return commit;
    }

    public String getChangeId() {
        return changeId;
    }

    public String getPartial() {
        return partial;
    }

    public int getTimeout() {
        return timeout;
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new Execution(context, this, CredentialLookup.JENKINS, RepositoryDirectory.JENKINS, ControllerCache::root);
    }

    /** What to revert, checked before anything is looked up. */
    RevertRun.What what() throws AbortException {
        if (commit.isEmpty() == changeId.isEmpty()) {
            throw new AbortException("gitopsRevert: give 'commit' (such as r.commit of gitopsCommit) or 'changeId',"
                    + " one of them");
        }
        if (!partial.equals("fail") && !partial.equals("allow")) {
            throw new AbortException("gitopsRevert: partial: '" + partial + "' is not fail or allow");
        }
        return new RevertRun.What(commit, changeId, partial.equals("allow"), getMessage(), isSkipCi(),
                timeout > 0 ? Duration.ofSeconds(timeout) : CommitRequest.DEFAULT_MAX_DURATION);
    }

    /** Reverts on the controller, off the CPS thread. */
    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        private final transient GitopsRevertStep step;
        private final transient CredentialLookup lookup;
        private final transient RepositoryDirectory directory;
        private final transient Supplier<Path> cacheRoot;

        Execution(StepContext context, GitopsRevertStep step, CredentialLookup lookup, RepositoryDirectory directory,
                Supplier<Path> cacheRoot) {
            super(context);
            this.step = step;
            this.lookup = lookup;
            this.directory = directory;
            this.cacheRoot = cacheRoot;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            RevertRun.What what = step.what();
            CommitTarget target = CommitTarget.resolve("gitopsRevert", step.getRepository(), step.getUrl(),
                    step.getCredentialsId(), step.getBranch(), directory)
                    .signedWith(step.getSigningKeyCredentialsId(), step.getSigningPassphraseCredentialsId());
            RevertOutcome outcome = RevertRun.run("gitopsRevert", target, target.pullRequest(step.getPullRequest()), what,
                    run, listener, new CredentialsResolver(lookup), cacheRoot.get());
            return outcome.toMap();
        }
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "gitopsRevert";
        }

        @Override
        public String getDisplayName() {
            return "Revert a commit of a GitOps config repository, keeping everyone else's changes";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }
    }
}
