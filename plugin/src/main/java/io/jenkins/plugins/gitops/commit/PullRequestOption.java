package io.jenkins.plugins.gitops.commit;

import hudson.AbortException;
import hudson.Extension;
import hudson.model.Run;
import io.jenkins.plugins.gitops.core.pr.ApiToken;
import io.jenkins.plugins.gitops.core.pr.PullRequestException;
import io.jenkins.plugins.gitops.core.pr.PullRequestHosts;
import io.jenkins.plugins.gitops.credentials.ApiCredential;
import io.jenkins.plugins.gitops.credentials.CredentialsResolver;
import hudson.model.Describable;
import hudson.model.Descriptor;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code gitopsCommit(pullRequest: [title: …, labels: […], credentialsId: …])}: land the change through a pull request
 * into the step's branch instead of pushing to it (preview: GitHub, GitHub Enterprise Server, GitLab, Gitea and Forgejo).
 */
public final class PullRequestOption implements Describable<PullRequestOption>, Serializable {
    private static final long serialVersionUID = 1L;

    private final String credentialsId;
    private String title = "";
    private String body = "";
    private List<String> labels = new ArrayList<>();
    private List<String> reviewers = new ArrayList<>();
    private boolean draft;
    private boolean autoMerge;
    private String mergeMethod = "merge";
    private String apiUrl = "";
    private String host = "";

    /**
     * @param credentialsId a Secret text credential holding the host's API token; blank for the configured
     *                      repository's
     */
    @DataBoundConstructor
    public PullRequestOption(String credentialsId) {
        this.credentialsId = credentialsId == null ? "" : credentialsId.trim();
    }

    @DataBoundSetter
    public void setTitle(String title) {
        this.title = title == null ? "" : title.trim();
    }

    @DataBoundSetter
    public void setBody(String body) {
        this.body = body == null ? "" : body;
    }

    @DataBoundSetter
    public void setLabels(List<String> labels) {
        this.labels = labels == null ? new ArrayList<>() : new ArrayList<>(labels);
    }

    @DataBoundSetter
    public void setReviewers(List<String> reviewers) {
        this.reviewers = reviewers == null ? new ArrayList<>() : new ArrayList<>(reviewers);
    }

    @DataBoundSetter
    public void setDraft(boolean draft) {
        this.draft = draft;
    }

    /** Have the host merge it once its checks and reviews pass, or merge it at once when nothing is missing. */
    @DataBoundSetter
    public void setAutoMerge(boolean autoMerge) {
        this.autoMerge = autoMerge;
    }

    /** {@code merge}, {@code squash} or {@code rebase}: how {@link #setAutoMerge auto-merge} merges. */
    @DataBoundSetter
    public void setMergeMethod(String mergeMethod) {
        this.mergeMethod = mergeMethod == null || mergeMethod.isBlank() ? "merge" : mergeMethod.trim();
    }

    /** {@code github} (GitHub, GitHub Enterprise Server), {@code gitlab} or {@code gitea} (Gitea, Forgejo); blank: from the URLs. */
    @DataBoundSetter
    public void setHost(String host) {
        this.host = host == null ? "" : host.trim();
    }

    @DataBoundSetter
    public void setApiUrl(String apiUrl) {
        this.apiUrl = apiUrl == null ? "" : apiUrl.trim();
    }

    /** A copy with the blank host, API URL and credentials taken from these (a configured repository's). */
    PullRequestOption withDefaults(String host, String apiUrl, String credentialsId) {
        PullRequestOption filled = new PullRequestOption(this.credentialsId.isEmpty() ? credentialsId : this.credentialsId);
        filled.title = title;
        filled.body = body;
        filled.labels = new ArrayList<>(labels);
        filled.reviewers = new ArrayList<>(reviewers);
        filled.draft = draft;
        filled.autoMerge = autoMerge;
        filled.mergeMethod = mergeMethod;
        filled.setHost(this.host.isEmpty() ? host : this.host);
        filled.setApiUrl(this.apiUrl.isEmpty() ? apiUrl : this.apiUrl);
        return filled;
    }

    /**
     * The host's token for {@code target}, resolved on the controller: a Secret text's, a user name and password, or
     * an installation token made here from a GitHub App, so that the App's key never goes to an agent.
     *
     * @param function the step, for the error messages
     */
    public ApiToken token(CredentialsResolver resolver, Run<?, ?> run, CommitTarget target, String function)
            throws AbortException {
        if (credentialsId.isEmpty()) {
            throw new AbortException(function + ": pullRequest: give credentialsId: (Secret text credentials with the"
                    + " host's API token), or set the repository's pull-request credentials in Manage Jenkins » System »"
                    + " GitOps");
        }
        ApiCredential credential = resolver.pullRequests(credentialsId, run);
        if (credential.isGitHubApp() && !PullRequestHosts.kind(host, target.url(), apiUrl).equals("github")) {
            throw new AbortException(function + ": pullRequest: credentials '" + credentialsId + "' are a GitHub App,"
                    + " which signs in to GitHub only");
        }
        try {
            ApiToken token = credential.forRepository(target.url(), apiUrl, java.time.Duration.ofSeconds(30), null);
            return token instanceof ApiToken.Basic ? token : ApiToken.fixed(token.current());
        } catch (IllegalArgumentException | PullRequestException e) {
            throw new AbortException(function + ": pullRequest: " + e.getMessage());
        }
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    public String getTitle() {
        return title;
    }

    public String getBody() {
        return body;
    }

    public List<String> getLabels() {
        return List.copyOf(labels);
    }

    public List<String> getReviewers() {
        return List.copyOf(reviewers);
    }

    public boolean isDraft() {
        return draft;
    }

    public boolean isAutoMerge() {
        return autoMerge;
    }

    public String getMergeMethod() {
        return mergeMethod;
    }

    public String getApiUrl() {
        return apiUrl;
    }

    public String getHost() {
        return host;
    }

    @Extension
    @Symbol("gitopsPullRequest")
    public static final class DescriptorImpl extends Descriptor<PullRequestOption> {
        @Override
        public String getDisplayName() {
            return "Land through a pull request";
        }
    }
}
