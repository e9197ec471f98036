package io.jenkins.plugins.gitops.credentials;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.AbortException;

/**
 * Turns the credentials ID of a global configuration entry into what the engine needs, with the same errors as
 * {@link CredentialsResolver} gives for a build's own credentials.
 */
public final class GlobalCredentialsResolver {
    static final String WHERE = "the GitOps configuration (Manage Jenkins » System » GitOps)";

    private final GlobalCredentialLookup lookup;

    public GlobalCredentialsResolver(GlobalCredentialLookup lookup) {
        this.lookup = lookup;
    }

    /** Credentials for a config repository; a blank ID means anonymous access. */
    public GitAuth git(String credentialsId, String url) throws AbortException {
        if (CredentialsResolver.isBlank(credentialsId)) {
            return GitAuth.NONE;
        }
        return CredentialsResolver.gitAuth(credentialsId, find(credentialsId, url, CredentialsResolver.GIT_TYPES));
    }

    /** The bearer token of an Argo CD server. */
    public String token(String credentialsId, String url) throws AbortException {
        CredentialsResolver.requireId(credentialsId, CredentialsResolver.TOKEN_TYPES);
        return CredentialsResolver.token(credentialsId, find(credentialsId, url, CredentialsResolver.TOKEN_TYPES));
    }

    /** The token or kubeconfig of a Kubernetes cluster. */
    public KubernetesAuth kubernetes(String credentialsId, String serverUrl) throws AbortException {
        CredentialsResolver.requireId(credentialsId, CredentialsResolver.KUBERNETES_TYPES);
        return CredentialsResolver.kubernetes(credentialsId,
                find(credentialsId, serverUrl, CredentialsResolver.KUBERNETES_TYPES));
    }

    /** A config repository's signing key, with the passphrase its Secret text holds (or the SSH key's own). */
    public io.jenkins.plugins.gitops.signing.SigningKey signingKey(String keyId, String passphraseId, String url)
            throws AbortException {
        String passphrase = CredentialsResolver.isBlank(passphraseId) ? null
                : CredentialsResolver.token(passphraseId, find(passphraseId, url, CredentialsResolver.TOKEN_TYPES));
        return CredentialsResolver.signingKey(keyId, find(keyId, url, CredentialsResolver.SIGNING_TYPES), passphrase);
    }

    private StandardCredentials find(String id, String url, String expected) throws AbortException {
        StandardCredentials found = lookup.find(id, url);
        if (found == null) {
            throw CredentialsResolver.notFound(id, WHERE, expected);
        }
        if (found.getScope() == CredentialsScope.SYSTEM) {
            throw new AbortException("credentials '" + id + "' have System scope, which Jenkins hides from jobs and "
                    + "builds, so no build could use them; give them Global scope");
        }
        return found;
    }
}
