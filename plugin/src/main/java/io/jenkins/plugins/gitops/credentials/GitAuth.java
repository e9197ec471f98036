package io.jenkins.plugins.gitops.credentials;

import io.jenkins.plugins.gitops.core.git.Credentials;
import io.jenkins.plugins.gitops.core.git.TransportOptions;
import io.jenkins.plugins.gitops.core.net.HttpProxy;
import java.io.Serializable;

/**
 * The plain values git needs to authenticate, and the HTTP proxy with its password, taken out of Jenkins credentials
 * and Jenkins' proxy settings on the controller so that only these travel to the agent (as git-client's credential
 * snapshots and {@code ProxyConfiguration} do), never a credentials or store object. {@link #toString()} shows no
 * secret.
 */
public record GitAuth(Kind kind, String username, String secret, String passphrase, ProxyValues proxyValues)
        implements Serializable {
    public enum Kind { NONE, USERNAME_PASSWORD, SSH_KEY }

    public static final GitAuth NONE = new GitAuth(Kind.NONE, null, null, null);

    public GitAuth {
        proxyValues = proxyValues == null ? ProxyValues.NONE : proxyValues;
    }

    public GitAuth(Kind kind, String username, String secret, String passphrase) {
        this(kind, username, secret, passphrase, ProxyValues.NONE);
    }

    public GitAuth withProxy(HttpProxy proxy) {
        return new GitAuth(kind, username, secret, passphrase, ProxyValues.of(proxy));
    }

    public HttpProxy proxy() {
        return proxyValues.toEngine();
    }

    /** The target's connection settings, through this proxy. */
    public TransportOptions transport(TransportOptions target) {
        return target.withProxy(proxy());
    }

    public Credentials toEngine() {
        return switch (kind) {
            case NONE -> Credentials.NONE;
            case USERNAME_PASSWORD -> new Credentials.UsernamePassword(username, secret);
            case SSH_KEY -> new Credentials.SshKey(username, secret, passphrase);
        };
    }

    @Override
    public String toString() {
        return "GitAuth[" + kind + ", " + username + (proxy().isSet() ? ", " + proxyValues : "") + "]";
    }
}
