package io.jenkins.plugins.gitops.core.git;

/**
 * How to authenticate to the config repository. Secrets are held as values and only handed to JGit through a
 * CredentialsProvider or an SSH session factory; {@code toString()} never shows them.
 */
public sealed interface Credentials {
    /** Anonymous access. */
    Credentials NONE = new None();

    record None() implements Credentials {}

    /** HTTP(S) basic auth: a user name with a password or token. */
    record UsernamePassword(String username, String password) implements Credentials {
        @Override
        public String toString() {
            return "UsernamePassword[" + username + ", ****]";
        }
    }

    /**
     * An SSH private key as text (OpenSSH or PEM), with an optional passphrase.
     *
     * @param username the SSH user when the URL has none, {@code git} for most hosts; null to use the URL's
     */
    record SshKey(String username, String privateKey, String passphrase) implements Credentials {
        @Override
        public String toString() {
            return "SshKey[" + username + ", ****]";
        }
    }
}
