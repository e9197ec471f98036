package io.jenkins.plugins.gitops.credentials;

/**
 * How to authenticate to a Kubernetes API server: a bearer token, or a whole kubeconfig file from which the client
 * takes the current context's user. {@link #toString()} shows no secret.
 */
public record KubernetesAuth(Kind kind, String secret) {
    public enum Kind { TOKEN, KUBECONFIG }

    /** The bearer token to send: the secret text, or the token of the kubeconfig's current context (null if none). */
    public String bearerToken() {
        return kind == Kind.TOKEN ? secret : Kubeconfigs.currentToken(secret);
    }

    @Override
    public String toString() {
        return "KubernetesAuth[" + kind + "]";
    }
}
