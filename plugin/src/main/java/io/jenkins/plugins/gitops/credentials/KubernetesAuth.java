package io.jenkins.plugins.gitops.credentials;

/**
 * How to authenticate to a Kubernetes API server: a bearer token, or a whole kubeconfig file from which the client
 * takes the current context's user. {@link #toString()} shows no secret.
 */
public record KubernetesAuth(Kind kind, String secret) {
    public enum Kind { TOKEN, KUBECONFIG }

    @Override
    public String toString() {
        return "KubernetesAuth[" + kind + "]";
    }
}
