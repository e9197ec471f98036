package io.jenkins.plugins.gitops;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.AbstractProject;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildWrapperDescriptor;
import io.jenkins.plugins.gitops.credentials.CredentialLookup;
import io.jenkins.plugins.gitops.credentials.CredentialsResolver;
import io.jenkins.plugins.gitops.credentials.GitAuth;
import java.io.IOException;
import jenkins.tasks.SimpleBuildWrapper;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code withGitopsRepo { … }} in Pipeline, and "Commit to a GitOps config repository" in a Freestyle job's build
 * environment: checks a branch of a config repository out into a folder of the workspace so that any tool (kustomize,
 * helm, sed) can edit it, then, unless the build has failed, commits everything that changed as one commit and pushes
 * it, replaying it on the new tip when another pipeline pushed first. No credentials are stored in the checkout.
 */
public final class GitopsRepoWrapper extends SimpleBuildWrapper {
    static final String NAME = "withGitopsRepo";
    public static final String GITOPS_DIR = "GITOPS_DIR";
    public static final String GITOPS_REPOSITORY = "GITOPS_REPOSITORY";
    public static final String GITOPS_BRANCH = "GITOPS_BRANCH";
    public static final String GITOPS_COMMIT = "GITOPS_COMMIT";

    private String repository = "";
    private String url = "";
    private String credentialsId = "";
    private String branch = "";
    private String dir = "";
    private String message = "";
    private boolean skipCi;
    private transient CredentialLookup lookup;
    private transient ConfiguredRepositories repositories;

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
    GitopsRepoWrapper withSeams(CredentialLookup lookup, ConfiguredRepositories repositories) {
        this.lookup = lookup;
        this.repositories = repositories;
        return this;
    }

    @Override
    public void setUp(Context context, Run<?, ?> build, FilePath workspace, Launcher launcher, TaskListener listener,
            EnvVars initialEnvironment) throws IOException, InterruptedException {
        ConfiguredRepository target = target();
        String folder = WorkspaceFolder.of(dir, target.url());
        GitAuth auth = new CredentialsResolver(lookup == null ? CredentialLookup.JENKINS : lookup)
                .git(target.credentialsId(), build);
        CheckoutOutcome checkout = workspace.act(new CheckoutCallable(target.url(),
                target.branch().isEmpty() ? null : target.branch(), folder, auth, listener));
        context.env(GITOPS_DIR, checkout.folder());
        context.env(GITOPS_REPOSITORY, checkout.repository());
        context.env(GITOPS_BRANCH, checkout.branch());
        EnvVars env = initialEnvironment == null ? new EnvVars() : initialEnvironment;
        context.setDisposer(new CommitOnSuccess(target.url(), target.credentialsId(), checkout.branch(), folder,
                checkout.commit(), message, skipCi, env.get("GIT_URL"), env.get("GIT_COMMIT"))
                .withLookup(lookup)
                .withBlockEnvironment(context.getEnv()));
    }

    /** The repository to use: the URL given, or the named one of the global configuration with this step's overrides. */
    ConfiguredRepository target() throws AbortException {
        if (!url.isEmpty() && !repository.isEmpty()) {
            throw new AbortException(NAME + ": give 'repository' or 'url', not both");
        }
        ConfiguredRepository target;
        if (!url.isEmpty()) {
            target = new ConfiguredRepository("", url, credentialsId, branch);
        } else if (repository.isEmpty()) {
            throw new AbortException(NAME + ": give 'repository' (from Manage Jenkins » System » GitOps) or 'url'");
        } else {
            ConfiguredRepository configured = (repositories == null ? ConfiguredRepositories.GLOBAL : repositories).find(repository);
            if (configured == null) {
                throw new AbortException(NAME + ": repository '" + repository
                        + "' is not configured in Manage Jenkins » System » GitOps");
            }
            target = new ConfiguredRepository(repository, configured.url(),
                    credentialsId.isEmpty() ? trim(configured.credentialsId()) : credentialsId,
                    branch.isEmpty() ? trim(configured.branch()) : branch);
        }
        if (target.url().matches("(?i)^[a-z][a-z0-9+.-]*://[^/@]*:[^/@]*@.*")) {
            throw new AbortException(NAME + ": the repository URL holds a password; give credentialsId instead");
        }
        return target;
    }

    private static String trim(String s) {
        return s == null ? "" : s.trim();
    }

    @Extension
    @Symbol(NAME)
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
