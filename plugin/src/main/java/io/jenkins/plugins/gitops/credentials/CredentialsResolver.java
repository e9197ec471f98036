package io.jenkins.plugins.gitops.credentials;

import com.cloudbees.jenkins.plugins.sshcredentials.SSHUserPrivateKey;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import com.cloudbees.plugins.credentials.common.UsernameCredentials;
import hudson.AbortException;
import hudson.model.Run;
import hudson.util.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * The one place where steps and the build wrapper turn a credentials ID into what the engine needs, with an error
 * that names the ID, the types that would do and the type found.
 */
public final class CredentialsResolver {
    static final String GIT_TYPES = "Username with password, or SSH Username with private key";
    static final String TOKEN_TYPES = "Secret text";
    static final String API_TYPES = "Secret text (a token), Username with password (an app password or API token), or"
            + " SSH Username with private key (a GitHub App: its ID and private key)";
    static final String KUBERNETES_TYPES = "Secret text (a token), or Secret file (a kubeconfig)";
    static final String SIGNING_TYPES = "Secret file or Secret text (an armoured OpenPGP secret key), or SSH Username"
            + " with private key (an SSH signing key)";

    private final CredentialLookup lookup;

    public CredentialsResolver(CredentialLookup lookup) {
        this.lookup = lookup;
    }

    /** Credentials for a git remote, with Jenkins' HTTP proxy; a blank ID means anonymous access. */
    public GitAuth git(String credentialsId, Run<?, ?> run) throws AbortException {
        GitAuth auth = isBlank(credentialsId) ? GitAuth.NONE : gitAuth(credentialsId, find(credentialsId, run, GIT_TYPES));
        return auth.withProxy(lookup.proxy());
    }

    /** A bearer token, such as an Argo CD or Kubernetes API token. */
    public String token(String credentialsId, Run<?, ?> run) throws AbortException {
        requireId(credentialsId, TOKEN_TYPES);
        return token(credentialsId, find(credentialsId, run, TOKEN_TYPES));
    }

    /**
     * A git host's API token, a user name and password, or a GitHub App (SSH Username with private key: the App ID
     * and its key).
     */
    public ApiCredential pullRequests(String credentialsId, Run<?, ?> run) throws AbortException {
        requireId(credentialsId, API_TYPES);
        StandardCredentials found = find(credentialsId, run, API_TYPES);
        if (found instanceof SSHUserPrivateKey app) {
            String appId = found instanceof UsernameCredentials u ? u.getUsername() : null;
            if (app.getPrivateKeys().isEmpty() || isBlank(appId)) {
                throw new AbortException("Credentials '" + credentialsId + "' are a GitHub App when their username is the"
                        + " App ID and their key the App's private key; they hold no " + (isBlank(appId) ? "App ID" : "key"));
            }
            return ApiCredential.gitHubApp(credentialsId, appId.trim(), app.getPrivateKeys().get(0));
        }
        if (found instanceof StringCredentials text) {
            return ApiCredential.token(credentialsId, plain(text.getSecret()));
        }
        if (found instanceof StandardUsernamePasswordCredentials up) {
            return ApiCredential.usernamePassword(credentialsId, up.getUsername(), plain(up.getPassword()));
        }
        throw wrongType(credentialsId, API_TYPES, found);
    }

    /** A Kubernetes API token, or a whole kubeconfig. */
    public KubernetesAuth kubernetes(String credentialsId, Run<?, ?> run) throws AbortException {
        requireId(credentialsId, KUBERNETES_TYPES);
        return kubernetes(credentialsId, find(credentialsId, run, KUBERNETES_TYPES));
    }

    /**
     * The key that signs the commits, with its passphrase: the SSH key's own, or the Secret text that
     * {@code passphraseId} names; null when {@code keyId} is blank (unsigned commits).
     */
    public io.jenkins.plugins.gitops.signing.SigningKey signingKey(String keyId, String passphraseId, Run<?, ?> run)
            throws AbortException {
        if (isBlank(keyId)) return null;
        String passphrase = isBlank(passphraseId) ? null : token(passphraseId, find(passphraseId, run, TOKEN_TYPES));
        return signingKey(keyId, find(keyId, run, SIGNING_TYPES), passphrase);
    }

    static io.jenkins.plugins.gitops.signing.SigningKey signingKey(String id, StandardCredentials found,
            String passphrase) throws AbortException {
        String key;
        if (found instanceof SSHUserPrivateKey ssh) {
            if (ssh.getPrivateKeys().isEmpty()) throw new AbortException("Credentials '" + id + "' hold no private key");
            key = ssh.getPrivateKeys().get(0);
            if (passphrase == null) passphrase = plain(ssh.getPassphrase());
        } else if (found instanceof StringCredentials text) {
            key = plain(text.getSecret());
        } else if (found instanceof FileCredentials file) {
            try (InputStream in = file.getContent()) {
                key = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new AbortException("Cannot read the key file of credentials '" + id + "': "
                        + e.getClass().getSimpleName());
            }
        } else {
            throw wrongType(id, SIGNING_TYPES, found);
        }
        return new io.jenkins.plugins.gitops.signing.SigningKey(id, key == null ? "" : key, passphrase);
    }

    private StandardCredentials find(String id, Run<?, ?> run, String expected) throws AbortException {
        StandardCredentials found = lookup.find(id, run);
        if (found == null) {
            throw notFound(id, describe(run), expected);
        }
        return found;
    }

    static GitAuth gitAuth(String id, StandardCredentials found) throws AbortException {
        if (found instanceof StandardUsernamePasswordCredentials up) {
            return new GitAuth(GitAuth.Kind.USERNAME_PASSWORD, up.getUsername(), plain(up.getPassword()), null);
        }
        if (found instanceof SSHUserPrivateKey key) {
            if (key.getPrivateKeys().isEmpty()) {
                throw new AbortException("Credentials '" + id + "' hold no private key");
            }
            String user = found instanceof UsernameCredentials u ? u.getUsername() : null;
            return new GitAuth(GitAuth.Kind.SSH_KEY, user, key.getPrivateKeys().get(0), plain(key.getPassphrase()));
        }
        throw wrongType(id, GIT_TYPES, found);
    }

    static String token(String id, StandardCredentials found) throws AbortException {
        if (found instanceof StringCredentials s) {
            return plain(s.getSecret());
        }
        throw wrongType(id, TOKEN_TYPES, found);
    }

    static KubernetesAuth kubernetes(String id, StandardCredentials found) throws AbortException {
        if (found instanceof StringCredentials s) {
            return new KubernetesAuth(KubernetesAuth.Kind.TOKEN, plain(s.getSecret()));
        }
        if (found instanceof FileCredentials f) {
            try (InputStream in = f.getContent()) {
                return new KubernetesAuth(KubernetesAuth.Kind.KUBECONFIG, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new AbortException("Cannot read the kubeconfig file of credentials '" + id + "': "
                        + e.getClass().getSimpleName());
            }
        }
        throw wrongType(id, KUBERNETES_TYPES, found);
    }

    static void requireId(String credentialsId, String expected) throws AbortException {
        if (isBlank(credentialsId)) {
            throw new AbortException("A credentials ID is required (expected " + expected + ")");
        }
    }

    static AbortException notFound(String id, String where, String expected) {
        return new AbortException("No credentials with ID '" + id + "' are available to " + where
                + " (expected " + expected + ")");
    }

    static AbortException wrongType(String id, String expected, StandardCredentials found) {
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

    static boolean isBlank(String value) {
        return value == null || value.isBlank();
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
