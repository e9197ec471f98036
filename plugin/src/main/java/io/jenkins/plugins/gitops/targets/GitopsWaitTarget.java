package io.jenkins.plugins.gitops.targets;

import hudson.AbortException;
import hudson.model.Describable;
import hudson.model.Descriptor;
import io.jenkins.plugins.gitops.core.git.Urls;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * A target as a pipeline author writes it inside {@code gitopsWait(targets: [...])}. Its API is named either by a
 * server or cluster of the global configuration, or directly by {@code url} and {@code credentialsId} (a Secret text
 * token) with an optional {@code caCertificate}; {@link #spec} turns it into plain values to wait with.
 */
public abstract class GitopsWaitTarget implements Describable<GitopsWaitTarget> {
    private String url = "";
    private String credentialsId = "";
    private String caCertificate = "";

    @DataBoundSetter
    public void setUrl(String url) {
        this.url = trim(url);
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = trim(credentialsId);
    }

    /** PEM text of the CA certificate(s) to trust for {@code url}. */
    @DataBoundSetter
    public void setCaCertificate(String caCertificate) {
        this.caCertificate = trim(caCertificate);
    }

    public String getUrl() {
        return url;
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    public String getCaCertificate() {
        return caCertificate;
    }

    /** The target in plain values; a configured name is resolved now. The message says what to fix. */
    public abstract TargetSpec spec(WaitConfiguration configuration) throws AbortException;

    /** How a configured name becomes an endpoint. */
    @FunctionalInterface
    interface NameLookup {
        Endpoint find(String name) throws AbortException;
    }

    /**
     * The endpoint from the configured {@code nameField} ({@code server} or {@code cluster}) or from {@code url} and
     * {@code credentialsId}; exactly one of the two ways.
     */
    final Endpoint endpoint(String symbol, String nameField, String name, NameLookup lookup) throws AbortException {
        if (!name.isEmpty()) {
            if (!url.isEmpty() || !credentialsId.isEmpty() || !caCertificate.isEmpty()) {
                throw new AbortException(symbol + ": give " + nameField + ": or url: with credentialsId:, not both ("
                        + nameField + " '" + name + "' brings its own URL, credentials and CA)");
            }
            try {
                return lookup.find(name);
            } catch (AbortException e) {
                throw new AbortException(symbol + ": " + e.getMessage());
            }
        }
        if (url.isEmpty()) {
            throw new AbortException(symbol + ": give " + nameField + ": (configured in Manage Jenkins » System) or url: "
                    + "with credentialsId:");
        }
        if (!url.matches("(?i)https?://[^\\s/]+.*")) {
            throw new AbortException(symbol + ": url must be an https:// (or http://) URL, not " + Urls.redact(url));
        }
        if (credentialsId.isEmpty()) {
            throw new AbortException(symbol + ": url: needs credentialsId: (Secret text holding the API token)");
        }
        return new Endpoint(url, credentialsId, caCertificate);
    }

    static String required(String value, String symbol, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(symbol + ": '" + field + "' is required");
        }
        return value.trim();
    }

    static String trim(String value) {
        return value == null ? "" : value.trim();
    }

    /** Descriptor of every target type, so that the Snippet Generator can list them. */
    public abstract static class GitopsWaitTargetDescriptor extends Descriptor<GitopsWaitTarget> {
    }
}
