package io.jenkins.plugins.gitops;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.AbstractBuild;
import hudson.model.AbstractProject;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildWrapperDescriptor;
import io.jenkins.plugins.gitops.checkout.CheckoutSettings;
import io.jenkins.plugins.gitops.checkout.CommitOnSuccess;
import io.jenkins.plugins.gitops.commit.PullRequestOption;
import io.jenkins.plugins.gitops.checkout.ConfigCheckout;
import io.jenkins.plugins.gitops.checkout.WithGitopsRepoStep;
import io.jenkins.plugins.gitops.config.RepositoryDirectory;
import io.jenkins.plugins.gitops.credentials.CredentialLookup;
import java.io.IOException;
import jenkins.tasks.SimpleBuildWrapper;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * "Commit to a GitOps config repository" in a Freestyle job's build environment: checks a branch of a config
 * repository out into a folder of the workspace so that the build steps can edit it with any tool (kustomize, helm,
 * sed), then, unless the build has failed, commits everything that changed as one commit and pushes it, replaying it
 * on the new tip when another pipeline pushed first. No credentials are stored in the checkout.
 *
 * <p>Freestyle only. In Pipeline, {@code withGitopsRepo} is {@link WithGitopsRepoStep}, which learns whether its
 * block failed; {@code wrap([$class: 'GitopsRepoWrapper', …])} is refused, because workflow-basic-steps'
 * {@code CoreWrapperStep} tears a wrapper down after a failed block as after a successful one, with the build's result
 * still unset, so the wrapper would push what a failed block left behind.
 */
public final class GitopsRepoWrapper extends SimpleBuildWrapper {
    private String repository = "";
    private String url = "";
    private String credentialsId = "";
    private String branch = "";
    private String dir = "";
    private String message = "";
    private boolean skipCi;
    /** Absent from jobs saved before pull requests: read back as null, pushing as before. */
    private PullRequestOption pullRequest;
    /** Absent from jobs saved before signing: read back as null, unsigned unless the repository signs. */
    private String signingKeyCredentialsId;
    private String signingPassphraseCredentialsId;
    private transient CredentialLookup lookup;
    private transient RepositoryDirectory directory;

    @DataBoundConstructor
    public GitopsRepoWrapper() {
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

    /** Land the changes through a pull request into the branch instead of pushing to it; null to push. */
    @DataBoundSetter
    public void setPullRequest(PullRequestOption pullRequest) {
        this.pullRequest = pullRequest;
    }

    @DataBoundSetter
    public void setSigningKeyCredentialsId(String signingKeyCredentialsId) {
        this.signingKeyCredentialsId = signingKeyCredentialsId == null ? "" : signingKeyCredentialsId.trim();
    }

    @DataBoundSetter
    public void setSigningPassphraseCredentialsId(String signingPassphraseCredentialsId) {
        this.signingPassphraseCredentialsId = signingPassphraseCredentialsId == null ? ""
                : signingPassphraseCredentialsId.trim();
    }

    public String getSigningKeyCredentialsId() {
        return signingKeyCredentialsId == null ? "" : signingKeyCredentialsId;
    }

    public String getSigningPassphraseCredentialsId() {
        return signingPassphraseCredentialsId == null ? "" : signingPassphraseCredentialsId;
    }

    public PullRequestOption getPullRequest() {
        return pullRequest;
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

    /** Replaces Jenkins' credentials and global configuration, for tests. */
    GitopsRepoWrapper withSeams(CredentialLookup lookup, RepositoryDirectory directory) {
        this.lookup = lookup;
        this.directory = directory;
        return this;
    }

    @Override
    public void setUp(Context context, Run<?, ?> build, FilePath workspace, Launcher launcher, TaskListener listener,
            EnvVars initialEnvironment) throws IOException, InterruptedException {
        if (!(build instanceof AbstractBuild)) {
            throw new AbortException(ConfigCheckout.FUNCTION + ": wrap([$class: 'GitopsRepoWrapper']) cannot tell a "
                    + "failed block from a successful one in Pipeline and would push either way; use the step instead: "
                    + "withGitopsRepo(repository: '…') { … }");
        }
        CredentialLookup credentials = lookup == null ? CredentialLookup.JENKINS : lookup;
        ConfigCheckout checkout = ConfigCheckout.open(
                new CheckoutSettings(repository, url, credentialsId, branch, dir, message, skipCi, pullRequest,
                        getSigningKeyCredentialsId(), getSigningPassphraseCredentialsId()), build, workspace,
                listener, initialEnvironment, credentials, directory == null ? RepositoryDirectory.JENKINS : directory);
        checkout.environment().forEach(context::env);
        context.setDisposer(new CommitOnSuccess(checkout).withLookup(lookup).withBlockEnvironment(context.getEnv()));
    }

    private static String trim(String s) {
        return s == null ? "" : s.trim();
    }

    @Extension
    public static final class DescriptorImpl extends BuildWrapperDescriptor {
        @Override
        public boolean isApplicable(AbstractProject<?, ?> item) {
            return true;
        }

        @Override
        public String getDisplayName() {
            return "Commit to a GitOps config repository";
        }
    }
}
