package io.jenkins.plugins.gitops.pullrequest;

import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The pull request to wait for, as {@code gitopsCommit} returns it ({@code r.pullRequest}): Pipeline turns that map
 * into this object, so every key of the map is a property here. Only {@code number} and, for a pull request that
 * another build opened, {@code repository} and {@code credentialsId} are needed; the rest is accepted and ignored.
 */
public final class PullRequestRef implements Describable<PullRequestRef> {
    private final int number;
    private String url = "";
    private String repository = "";
    private String host = "";
    private String apiUrl = "";
    private String credentialsId = "";
    private String state = "";
    private String branch = "";
    private String base = "";
    private String headSha = "";
    private String mergeCommit = "";
    private boolean created;

    @DataBoundConstructor
    public PullRequestRef(int number) {
        this.number = number;
    }

    /** The keys {@code gitopsCommit} adds to its pull request's map so that this ref can find it from another build. */
    public static Map<String, Object> whereToFind(PullRequestRecord pr) {
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("repository", pr.getRepository());
        keys.put("host", pr.getHost());
        keys.put("apiUrl", pr.getApiUrl());
        keys.put("credentialsId", pr.credentialsId());
        return keys;
    }

    /** The pull request's page; tells it apart from one of the same number in another repository of the build. */
    @DataBoundSetter
    public void setUrl(String url) {
        this.url = trim(url);
    }

    /** The config repository's git URL. */
    @DataBoundSetter
    public void setRepository(String repository) {
        this.repository = trim(repository);
    }

    @DataBoundSetter
    public void setHost(String host) {
        this.host = trim(host);
    }

    @DataBoundSetter
    public void setApiUrl(String apiUrl) {
        this.apiUrl = trim(apiUrl);
    }

    /** The Secret text credentials with the host's API token. */
    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = trim(credentialsId);
    }

    @DataBoundSetter
    public void setState(String state) {
        this.state = trim(state);
    }

    @DataBoundSetter
    public void setBranch(String branch) {
        this.branch = trim(branch);
    }

    @DataBoundSetter
    public void setBase(String base) {
        this.base = trim(base);
    }

    @DataBoundSetter
    public void setHeadSha(String headSha) {
        this.headSha = trim(headSha);
    }

    @DataBoundSetter
    public void setMergeCommit(String mergeCommit) {
        this.mergeCommit = trim(mergeCommit);
    }

    @DataBoundSetter
    public void setCreated(boolean created) {
        this.created = created;
    }

    private static String trim(String value) {
        return value == null ? "" : value.trim();
    }

    public int getNumber() {
        return number;
    }

    public String getUrl() {
        return url;
    }

    public String getRepository() {
        return repository;
    }

    public String getHost() {
        return host;
    }

    public String getApiUrl() {
        return apiUrl;
    }

    public String getCredentialsId() {
        return credentialsId;
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

    public String getHeadSha() {
        return headSha;
    }

    public String getMergeCommit() {
        return mergeCommit;
    }

    public boolean isCreated() {
        return created;
    }

    @Extension
    @Symbol("pullRequestRef")
    public static final class DescriptorImpl extends Descriptor<PullRequestRef> {
        @Override
        public String getDisplayName() {
            return "A pull request";
        }
    }
}
