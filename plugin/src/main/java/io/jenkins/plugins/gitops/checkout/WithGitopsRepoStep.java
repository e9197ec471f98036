package io.jenkins.plugins.gitops.checkout;

import hudson.Extension;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.gitops.config.RepositoryDirectory;
import io.jenkins.plugins.gitops.credentials.CredentialLookup;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
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
public final class WithGitopsRepoStep extends Step {
    private String repository = "";
    private String url = "";
    private String credentialsId = "";
    private String branch = "";
    private String dir = "";
    private String message = "";
    private boolean skipCi;

    @DataBoundConstructor
    public WithGitopsRepoStep() {
    }

    /** A repository from the global configuration. */
    @DataBoundSetter
    public void setRepository(String repository) {
        this.repository = trim(repository);
    }

    @DataBoundSetter
    public void setUrl(String url) {
        this.url = trim(url);
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = trim(credentialsId);
    }

    @DataBoundSetter
    public void setBranch(String branch) {
        this.branch = trim(branch);
    }

    /** The folder of the workspace to check out into; by default the repository's name. */
    @DataBoundSetter
    public void setDir(String dir) {
        this.dir = trim(dir);
    }

    @DataBoundSetter
    public void setMessage(String message) {
        this.message = message == null ? "" : message;
    }

    @DataBoundSetter
    public void setSkipCi(boolean skipCi) {
        this.skipCi = skipCi;
    }

    public String getRepository() {
        return repository;
    }

    public String getUrl() {
        return url;
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    public String getBranch() {
        return branch;
    }

    public String getDir() {
        return dir;
    }

    public String getMessage() {
        return message;
    }

    public boolean isSkipCi() {
        return skipCi;
    }

    CheckoutSettings settings() {
        return new CheckoutSettings(repository, url, credentialsId, branch, dir, message, skipCi);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new WithGitopsRepoExecution(context, settings(), CredentialLookup.JENKINS, RepositoryDirectory.JENKINS);
    }

    private static String trim(String s) {
        return s == null ? "" : s.trim();
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
