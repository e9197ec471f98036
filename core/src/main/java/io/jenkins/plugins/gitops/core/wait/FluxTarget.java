package io.jenkins.plugins.gitops.core.wait;

import java.util.Objects;

/**
 * A Flux Kustomization or HelmRelease, reached over the Kubernetes API.
 *
 * @param token bearer token for the Kubernetes API
 * @param caPem PEM encoded CA certificate(s) of the API server, or {@code null} for the JVM default trust store
 */
public record FluxTarget(Kind kind, String apiServerUrl, String token, String caPem, String namespace, String name)
        implements WaitTarget {

    /** The Flux object kinds that apply a revision of a Git repository. */
    public enum Kind {
        KUSTOMIZATION("kustomize.toolkit.fluxcd.io/v1", "kustomizations", "Kustomization"),
        HELM_RELEASE("helm.toolkit.fluxcd.io/v2", "helmreleases", "HelmRelease");

        private final String groupVersion;
        private final String plural;
        private final String displayName;

        Kind(String groupVersion, String plural, String displayName) {
            this.groupVersion = groupVersion;
            this.plural = plural;
            this.displayName = displayName;
        }

        public String groupVersion() {
            return groupVersion;
        }

        public String plural() {
            return plural;
        }

        public String displayName() {
            return displayName;
        }
    }

    public FluxTarget {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(apiServerUrl, "apiServerUrl");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        apiServerUrl = apiServerUrl.endsWith("/") ? apiServerUrl.substring(0, apiServerUrl.length() - 1) : apiServerUrl;
    }

    @Override
    public String describe() {
        return "Flux " + kind.displayName() + " " + namespace + "/" + name;
    }

    @Override
    public String feedKey() {
        return "kube|" + apiServerUrl + "|" + kind.groupVersion() + "|" + kind.plural() + "|" + namespace + "|" + name;
    }

    @Override
    public String toString() {
        return "FluxTarget[" + kind + ", " + apiServerUrl + ", " + namespace + "/" + name + "]";
    }

    @Override
    public String serverUrl() {
        return apiServerUrl;
    }
}
