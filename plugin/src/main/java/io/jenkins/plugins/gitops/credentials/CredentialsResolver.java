package io.jenkins.plugins.gitops.credentials;

import com.cloudbees.jenkins.plugins.sshcredentials.SSHUserPrivateKey;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import com.cloudbees.plugins.credentials.common.UsernameCredentials;
import hudson.AbortException;
import hudson.model.Run;
import hudson.util.Secret;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * The one place where steps and the build wrapper turn a credentials ID into what the engine needs, with an error
 * that names the ID, the types that would do and the type found.
 */
public final class CredentialsResolver {
    static final String GIT_TYPES = "Username with password, or SSH Username with private key";
    static final String TOKEN_TYPES = "Secret text";

    private final CredentialLookup lookup;

    public CredentialsResolver(CredentialLookup lookup) {
        this.lookup = lookup;
    }

    /** Credentials for a git remote; a blank ID means anonymous access. */
    public GitAuth git(String credentialsId, Run<?, ?> run) throws AbortException {
        if (credentialsId == null || credentialsId.isBlank()) {
            return GitAuth.NONE;
        }
        StandardCredentials found = find(credentialsId, run, GIT_TYPES);
        if (found instanceof StandardUsernamePasswordCredentials up) {
            return new GitAuth(GitAuth.Kind.USERNAME_PASSWORD, up.getUsername(), plain(up.getPassword()), null);
        }
        if (found instanceof SSHUserPrivateKey key) {
            if (key.getPrivateKeys().isEmpty()) {
                throw new AbortException("Credentials '" + credentialsId + "' hold no private key");
            }
            String user = found instanceof UsernameCredentials u ? u.getUsername() : null;
            return new GitAuth(GitAuth.Kind.SSH_KEY, user, key.getPrivateKeys().get(0), plain(key.getPassphrase()));
        }
        throw wrongType(credentialsId, GIT_TYPES, found);
    }

    /** A bearer token, such as an Argo CD or Kubernetes API token. */
    public String token(String credentialsId, Run<?, ?> run) throws AbortException {
        if (credentialsId == null || credentialsId.isBlank()) {
            throw new AbortException("A credentials ID is required (expected " + TOKEN_TYPES + ")");
        }
        StandardCredentials found = find(credentialsId, run, TOKEN_TYPES);
        if (found instanceof StringCredentials s) {
            return plain(s.getSecret());
        }
        throw wrongType(credentialsId, TOKEN_TYPES, found);
    }

    private StandardCredentials find(String id, Run<?, ?> run, String expected) throws AbortException {
        StandardCredentials found = lookup.find(id, run);
        if (found == null) {
            throw new AbortException("No credentials with ID '" + id + "' are available to " + describe(run)
                    + " (expected " + expected + ")");
        }
        return found;
    }

    private static AbortException wrongType(String id, String expected, StandardCredentials found) {
        return new AbortException("Credentials '" + id + "' are of type " + typeName(found) + ", expected " + expected);
    }

    static String typeName(Object credentials) {
        for (Class<?> i : credentials.getClass().getInterfaces()) {
            if (i.getName().startsWith("com.cloudbees") || i.getName().startsWith("org.jenkinsci")) {
                return i.getSimpleName();
            }
        }
        return credentials.getClass().getSimpleName();
    }

    private static String describe(Run<?, ?> run) {
        try {
            return run.getFullDisplayName();
        } catch (RuntimeException e) {
            return "this build";
        }
    }

    private static String plain(Secret secret) {
        return secret == null ? null : secret.getPlainText();
    }
}
