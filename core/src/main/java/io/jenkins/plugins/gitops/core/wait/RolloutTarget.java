package io.jenkins.plugins.gitops.core.wait;

import java.util.Objects;

/**
 * A workload whose rollout must complete, judged by the rules of {@code kubectl rollout status}.
 *
 * @param caPem PEM encoded CA certificate(s) of the API server, or {@code null} for the JVM default trust store
 */
public record RolloutTarget(Kind kind, String apiServerUrl, String token, String caPem, String namespace, String name)
        implements WaitTarget {

    /** Workload kinds with a rollout. */
    public enum Kind {
        DEPLOYMENT("deployments", "deployment"),
        STATEFUL_SET("statefulsets", "statefulset"),
        DAEMON_SET("daemonsets", "daemon set");

        private final String plural;
        private final String displayName;

        Kind(String plural, String displayName) {
            this.plural = plural;
            this.displayName = displayName;
        }

        public String plural() {
            return plural;
        }

        public String displayName() {
            return displayName;
        }
    }

    public RolloutTarget {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(apiServerUrl, "apiServerUrl");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        apiServerUrl = apiServerUrl.endsWith("/") ? apiServerUrl.substring(0, apiServerUrl.length() - 1) : apiServerUrl;
    }

    @Override
    public String describe() {
        return kind.displayName() + " " + namespace + "/" + name;
    }

    @Override
    public String feedKey() {
        return "kube|" + apiServerUrl + "|apps/v1|" + kind.plural() + "|" + namespace + "|" + name;
    }

    @Override
    public String toString() {
        return "RolloutTarget[" + kind + ", " + apiServerUrl + ", " + namespace + "/" + name + "]";
    }

    @Override
    public String serverUrl() {
        return apiServerUrl;
    }
}
