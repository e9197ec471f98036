package io.jenkins.plugins.gitops.credentials;

import io.jenkins.plugins.gitops.core.git.Credentials;
import java.io.Serializable;

/**
 * The plain values git needs to authenticate, taken out of Jenkins credentials on the controller so that only these
 * travel to the agent (as git-client's credential snapshots do), never a credentials or store object.
 * {@link #toString()} shows no secret.
 */
public record GitAuth(Kind kind, String username, String secret, String passphrase) implements Serializable {
    public enum Kind { NONE, USERNAME_PASSWORD, SSH_KEY }

    public static final GitAuth NONE = new GitAuth(Kind.NONE, null, null, null);

    public Credentials toEngine() {
        return switch (kind) {
            case NONE -> Credentials.NONE;
            case USERNAME_PASSWORD -> new Credentials.UsernamePassword(username, secret);
            case SSH_KEY -> new Credentials.SshKey(username, secret, passphrase);
        };
    }

    @Override
    public String toString() {
        return "GitAuth[" + kind + ", " + username + "]";
    }
}
