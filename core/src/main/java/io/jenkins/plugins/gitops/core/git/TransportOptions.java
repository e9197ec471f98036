package io.jenkins.plugins.gitops.core.git;

import io.jenkins.plugins.gitops.core.net.HttpProxy;
import java.time.Duration;

/**
 * Connection settings. The proxy's password is the only secret among them, and no {@code toString} shows it.
 *
 * @param knownHosts         OpenSSH known_hosts lines that SSH host keys are checked against
 * @param acceptUnknownHosts accept an SSH host that {@code knownHosts} does not list (a listed host with another key is
 *                           still refused)
 * @param shallow            fetch only the tip (depth 1) when the cache is new
 * @param timeout            network timeout per connection
 * @param proxy              the HTTP proxy for {@code http} and {@code https} URLs
 */
public record TransportOptions(String knownHosts, boolean acceptUnknownHosts, boolean shallow, Duration timeout,
        HttpProxy proxy) {
    public static final TransportOptions DEFAULT = new TransportOptions("", false, true, Duration.ofSeconds(60),
            HttpProxy.NONE);

    public TransportOptions {
        knownHosts = knownHosts == null ? "" : knownHosts;
        timeout = timeout == null ? Duration.ofSeconds(60) : timeout;
        proxy = proxy == null ? HttpProxy.NONE : proxy;
    }

    /** The defaults, with these SSH host keys and this answer to a host they do not list. */
    public static TransportOptions sshHosts(String knownHosts, boolean acceptUnknownHosts) {
        return DEFAULT.withKnownHosts(knownHosts).withAcceptUnknownHosts(acceptUnknownHosts);
    }

    public TransportOptions withKnownHosts(String hosts) {
        return new TransportOptions(hosts, acceptUnknownHosts, shallow, timeout, proxy);
    }

    public TransportOptions withAcceptUnknownHosts(boolean accept) {
        return new TransportOptions(knownHosts, accept, shallow, timeout, proxy);
    }

    public TransportOptions withShallow(boolean depthOne) {
        return new TransportOptions(knownHosts, acceptUnknownHosts, depthOne, timeout, proxy);
    }

    public TransportOptions withProxy(HttpProxy httpProxy) {
        return new TransportOptions(knownHosts, acceptUnknownHosts, shallow, timeout, httpProxy);
    }

    public TransportOptions withTimeout(Duration perConnection) {
        return new TransportOptions(knownHosts, acceptUnknownHosts, shallow, perConnection, proxy);
    }
}
