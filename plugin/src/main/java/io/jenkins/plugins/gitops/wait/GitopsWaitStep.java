package io.jenkins.plugins.gitops.wait;

import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.gitops.targets.GitopsWaitTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code gitopsWait}: waits until Argo CD or Flux has applied a config commit (or a newer commit that contains it) and
 * the workloads are healthy, on several targets at once, and fails fast with the reason when that cannot happen. It
 * needs no {@code node} and holds no executor or thread while it waits.
 */
public final class GitopsWaitStep extends Step {

    private final List<GitopsWaitTarget> targets;
    private String commit = "";
    private String repository = "";
    private String branch = "";
    private int timeout;
    private String onFailure = "fail";

    @DataBoundConstructor
    public GitopsWaitStep(List<GitopsWaitTarget> targets) {
        this.targets = targets == null ? List.of() : new ArrayList<>(targets);
    }

    /** The config commit to wait for; by default the last one {@code gitopsCommit} made in this build. */
    @DataBoundSetter
    public void setCommit(String commit) {
        this.commit = commit == null ? "" : commit.trim();
    }

    /** The configured config repository of a commit that another build made. */
    @DataBoundSetter
    public void setRepository(String repository) {
        this.repository = repository == null ? "" : repository.trim();
    }

    /** The branch of {@link #setRepository repository} the commit is on; by default its configured default branch. */
    @DataBoundSetter
    public void setBranch(String branch) {
        this.branch = branch == null ? "" : branch.trim();
    }

    /** Seconds; 0 means the default of the global configuration. */
    @DataBoundSetter
    public void setTimeout(int timeout) {
        this.timeout = Math.max(0, timeout);
    }

    /**
     * {@code fail} (the default): a target that fails fails the step. {@code revert}: the step reverts the commit it
     * waited for, waits until the revert is applied and healthy, and then fails with both stories.
     */
    @DataBoundSetter
    public void setOnFailure(String onFailure) {
        this.onFailure = onFailure == null || onFailure.isBlank() ? "fail" : onFailure.trim();
    }

    public String getOnFailure() {
        return onFailure;
    }

    public List<GitopsWaitTarget> getTargets() {
        return List.copyOf(targets);
    }

    public String getCommit() {
        return commit;
    }

    public String getRepository() {
        return repository;
    }

    public String getBranch() {
        return branch;
    }

    public int getTimeout() {
        return timeout;
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new GitopsWaitExecution(context, this, WaitServices.controller());
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "gitopsWait";
        }

        @Override
        public String getDisplayName() {
            return "Wait until Argo CD or Flux has applied a config commit";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }
    }
}
