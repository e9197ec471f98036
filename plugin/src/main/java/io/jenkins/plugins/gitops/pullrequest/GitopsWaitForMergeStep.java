package io.jenkins.plugins.gitops.pullrequest;

import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code gitopsWaitForMerge}: waits until the pull request that {@code gitopsCommit(pullRequest: …)} opened is merged,
 * and returns the merge commit as the host reports it, which {@code gitopsWait(commit: …)} then takes. It fails fast
 * when the pull request is closed without merging or conflicts with its base. Like {@code gitopsWait} it needs no
 * {@code node}, holds no executor or thread while it waits, and survives a controller restart.
 */
public final class GitopsWaitForMergeStep extends Step {
    private PullRequestRef pullRequest;
    private int timeout;

    @DataBoundConstructor
    public GitopsWaitForMergeStep() {
    }

    /** The pull request, as {@code gitopsCommit} returned it; by default the last one this build opened. */
    @DataBoundSetter
    public void setPullRequest(PullRequestRef pullRequest) {
        this.pullRequest = pullRequest;
    }

    /** Seconds; 0 means an hour. */
    @DataBoundSetter
    public void setTimeout(int timeout) {
        this.timeout = Math.max(0, timeout);
    }

    public PullRequestRef getPullRequest() {
        return pullRequest;
    }

    public int getTimeout() {
        return timeout;
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new WaitForMergeExecution(context, this, MergeServices.controller());
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "gitopsWaitForMerge";
        }

        @Override
        public String getDisplayName() {
            return "Wait until a pull request of a config change is merged";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }
    }
}
