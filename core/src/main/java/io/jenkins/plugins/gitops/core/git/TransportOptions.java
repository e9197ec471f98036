package io.jenkins.plugins.gitops.core.git;

import java.time.Duration;

/**
 * Connection settings that are not secrets.
 *
 * @param knownHosts         OpenSSH known_hosts lines that SSH host keys are checked against
 * @param acceptUnknownHosts accept an SSH host that {@code knownHosts} does not list (a listed host with another key is
 *                           still refused)
 * @param shallow            fetch only the tip (depth 1) when the cache is new
 * @param timeout            network timeout per connection
 */
public record TransportOptions(String knownHosts, boolean acceptUnknownHosts, boolean shallow, Duration timeout) {
    public static final TransportOptions DEFAULT = new TransportOptions("", false, true, Duration.ofSeconds(60));

    public TransportOptions {
        knownHosts = knownHosts == null ? "" : knownHosts;
        timeout = timeout == null ? Duration.ofSeconds(60) : timeout;
    }

    /** The defaults, with these SSH host keys and this answer to a host they do not list. */
    public static TransportOptions sshHosts(String knownHosts, boolean acceptUnknownHosts) {
        return DEFAULT.withKnownHosts(knownHosts).withAcceptUnknownHosts(acceptUnknownHosts);
    }

    public TransportOptions withKnownHosts(String hosts) {
        return new TransportOptions(hosts, acceptUnknownHosts, shallow, timeout);
    }

    public TransportOptions withAcceptUnknownHosts(boolean accept) {
        return new TransportOptions(knownHosts, accept, shallow, timeout);
    }

    public TransportOptions withShallow(boolean depthOne) {
        return new TransportOptions(knownHosts, acceptUnknownHosts, depthOne, timeout);
    }
}
