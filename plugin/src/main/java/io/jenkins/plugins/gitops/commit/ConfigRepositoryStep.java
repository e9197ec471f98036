package io.jenkins.plugins.gitops.commit;

import org.jenkinsci.plugins.workflow.steps.Step;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * What every step that commits to a config repository is told: which repository (a configured name, or a URL with
 * credentials), which branch, the commit message, the key that signs it, and whether the change lands through a pull
 * request. One class, so that {@code gitopsCommit} and
 * {@code withGitopsRepo} take these parameters with the same names and the same trimming; the Freestyle wrapper has
 * another Jenkins superclass and keeps its own.
 */
public abstract class ConfigRepositoryStep extends Step {
    private String repository = "";
    private String url = "";
    private String credentialsId = "";
    private String branch = "";
    private String message = "";
    private boolean skipCi;
    private PullRequestOption pullRequest;
    private String signingKeyCredentialsId = "";
    private String signingPassphraseCredentialsId = "";

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

    @DataBoundSetter
    public void setMessage(String message) {
        this.message = message == null ? "" : message;
    }

    @DataBoundSetter
    public void setSkipCi(boolean skipCi) {
        this.skipCi = skipCi;
    }

    /** Land the change through a pull request into {@code branch} instead of pushing to it; null to push. */
    @DataBoundSetter
    public void setPullRequest(PullRequestOption pullRequest) {
        this.pullRequest = pullRequest;
    }

    /** Sign the commits with this key instead of the configured repository's (or at all, for {@code url:}). */
    @DataBoundSetter
    public void setSigningKeyCredentialsId(String signingKeyCredentialsId) {
        this.signingKeyCredentialsId = trim(signingKeyCredentialsId);
    }

    @DataBoundSetter
    public void setSigningPassphraseCredentialsId(String signingPassphraseCredentialsId) {
        this.signingPassphraseCredentialsId = trim(signingPassphraseCredentialsId);
    }

    public String getSigningKeyCredentialsId() {
        return signingKeyCredentialsId;
    }

    public String getSigningPassphraseCredentialsId() {
        return signingPassphraseCredentialsId;
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

    public String getMessage() {
        return message;
    }

    public boolean isSkipCi() {
        return skipCi;
    }

    protected static String trim(String s) {
        return s == null ? "" : s.trim();
    }
}
