package io.jenkins.plugins.gitops.pullrequest;

import io.jenkins.plugins.gitops.GitopsRunAction.CommitRecord;
import io.jenkins.plugins.gitops.core.git.Urls;

/**
 * A pull request that {@code gitopsCommit} opened or updated in this build, and how it ended, saved with the build
 * (build.xml, so a plain class). It keeps the commit on our branch with the credentials it was pushed with, so that
 * the merge commit can be waited for the same way; the API credentials are kept by ID only.
 */
public final class PullRequestRecord {
    private final String repository;
    private final int number;
    private final String url;
    private final String state;
    private final String branch;
    private final String base;
    private final String mergeCommit;
    private final String host;
    private final String apiUrl;
    private final String credentialsId;
    private final CommitRecord branchCommit;

    /**
     * @param credentialsId the ID of the API token's credentials; never a secret
     * @param branchCommit  the commit on our branch, as {@code gitopsCommit} recorded it
     */
    public PullRequestRecord(String repository, int number, String url, String state, String branch, String base,
            String mergeCommit, String host, String apiUrl, String credentialsId, CommitRecord branchCommit) {
        this.repository = Urls.redact(repository);
        this.number = number;
        this.url = url;
        this.state = state;
        this.branch = branch;
        this.base = base;
        this.mergeCommit = mergeCommit;
        this.host = host == null ? "" : host;
        this.apiUrl = apiUrl == null ? "" : apiUrl;
        this.credentialsId = credentialsId == null ? "" : credentialsId;
        this.branchCommit = branchCommit;
    }

    /** The same pull request, as a wait saw it end. */
    public PullRequestRecord ended(String state, String mergeCommit) {
        return new PullRequestRecord(repository, number, url, state, branch, base, mergeCommit, host, apiUrl,
                credentialsId, branchCommit);
    }

    /** Whether {@code other} is the same pull request of the same repository. */
    public boolean samePullRequest(PullRequestRecord other) {
        return number == other.number && url.equals(other.url);
    }

    /** The merge commit on the base branch, reached with the credentials our branch was pushed with. */
    public CommitRecord mergeRecord() {
        return branchCommit == null ? null : branchCommit.moved(base, mergeCommit);
    }

    public String getRepository() {
        return repository;
    }

    public int getNumber() {
        return number;
    }

    public String getUrl() {
        return url;
    }

    public String getState() {
        return state;
    }

    public String getBranch() {
        return branch;
    }

    public String getBase() {
        return base;
    }

    public String getMergeCommit() {
        return mergeCommit;
    }

    public String getHost() {
        return host;
    }

    public String getApiUrl() {
        return apiUrl;
    }

    public String credentialsId() {
        return credentialsId;
    }

    /** The commit on our branch; null when only the pull request is known. */
    public String getBranchCommit() {
        return branchCommit == null ? null : branchCommit.getSha();
    }
}
