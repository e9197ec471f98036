package io.jenkins.plugins.gitops.targets;

import java.io.Serializable;

/**
 * Where a target's API is and how to authenticate to it: a URL, the ID of a Secret text credential holding the
 * token, and optionally the PEM CA certificate to trust. Never the token itself, so it may be persisted with a
 * waiting step. A plain class rather than a record: Pipeline's program.dat is written by JBoss Marshalling River, and
 * the River that Jenkins ships predates record support.
 */
public final class Endpoint implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String url;
    private final String credentialsId;
    private final String caCertificate;
    private final String defaultScope;

    /** @param caCertificate PEM text, or null to trust the JVM's default CAs */
    public Endpoint(String url, String credentialsId, String caCertificate) {
        this(url, credentialsId, caCertificate, null);
    }

    /**
     * @param defaultScope what a target leaves open defaults to: an Argo CD server's project, a cluster's namespace;
     *                     null for none
     */
    public Endpoint(String url, String credentialsId, String caCertificate, String defaultScope) {
        this.url = url;
        this.credentialsId = credentialsId;
        this.caCertificate = caCertificate == null || caCertificate.isBlank() ? null : caCertificate;
        this.defaultScope = defaultScope == null || defaultScope.isBlank() ? null : defaultScope.trim();
    }

    public String url() {
        return url;
    }

    public String credentialsId() {
        return credentialsId;
    }

    public String caCertificate() {
        return caCertificate;
    }

    public String defaultScope() {
        return defaultScope;
    }

    @Override
    public String toString() {
        return url + " (credentials " + credentialsId + ")";
    }
}
