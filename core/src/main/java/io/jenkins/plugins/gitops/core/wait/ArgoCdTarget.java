package io.jenkins.plugins.gitops.core.wait;

import java.util.Objects;

/**
 * An Argo CD application reached over the Argo CD REST API.
 *
 * @param serverUrl base URL of the Argo CD API server, e.g. {@code https://argocd.example.com}
 * @param token bearer token (account or project role token)
 * @param project the application's project; always sent so that a 404 means a wrong name
 * @param application application name
 * @param sync whether to start a sync when the application does not sync automatically
 * @param caPem PEM encoded CA certificate(s) to trust, or {@code null} for the JVM default trust store
 */
public record ArgoCdTarget(String serverUrl, String token, String project, String application, boolean sync, String caPem)
        implements WaitTarget {

    public ArgoCdTarget {
        Objects.requireNonNull(serverUrl, "serverUrl");
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(application, "application");
        serverUrl = serverUrl.endsWith("/") ? serverUrl.substring(0, serverUrl.length() - 1) : serverUrl;
    }

    @Override
    public String describe() {
        return "Argo CD application " + project + "/" + application;
    }

    @Override
    public String feedKey() {
        return "argocd|" + serverUrl + "|" + project + "|" + application;
    }

    @Override
    public String toString() {
        return "ArgoCdTarget[" + serverUrl + ", " + project + "/" + application + ", sync=" + sync + "]";
    }
}
