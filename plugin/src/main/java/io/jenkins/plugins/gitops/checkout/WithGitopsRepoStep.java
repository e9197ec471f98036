package io.jenkins.plugins.gitops.checkout;

import hudson.Extension;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.gitops.config.RepositoryDirectory;
import io.jenkins.plugins.gitops.credentials.CredentialLookup;
import java.util.Set;
import io.jenkins.plugins.gitops.commit.ConfigRepositoryStep;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code withGitopsRepo(…) { … }} in Pipeline: checks a branch of a config repository out into a folder of the
 * workspace for the block to edit with any tool, and when the block succeeds, commits everything that changed as one
 * commit and pushes it. A block step of its own rather than the build wrapper, because only a block step learns that
 * its block failed: then nothing is pushed.
 */
public final class WithGitopsRepoStep extends ConfigRepositoryStep {
    private String dir = "";

    @DataBoundConstructor
    public WithGitopsRepoStep() {
    }

    /** The folder of the workspace to check out into; by default the repository's name. */
    @DataBoundSetter
    public void setDir(String dir) {
        this.dir = trim(dir);
    }

    public String getDir() {
        return dir;
    }

    CheckoutSettings settings() {
        return new CheckoutSettings(getRepository(), getUrl(), getCredentialsId(), getBranch(), dir, getMessage(),
                isSkipCi(), getPullRequest(), getSigningKeyCredentialsId(), getSigningPassphraseCredentialsId());
    }

    @Override
    public StepExecution start(StepContext context) {
        return new WithGitopsRepoExecution(context, settings(), CredentialLookup.JENKINS, RepositoryDirectory.JENKINS);
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return ConfigCheckout.FUNCTION;
        }

        @Override
        public String getDisplayName() {
            return "Check out a GitOps config repository, then commit and push what the block changed";
        }

        @Override
        public boolean takesImplicitBlockArgument() {
            return true;
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, FilePath.class);
        }
    }
}
