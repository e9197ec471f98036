package io.jenkins.plugins.gitops.config;

import io.jenkins.plugins.gitops.core.git.GitopsException;
import io.jenkins.plugins.gitops.core.git.RemoteRefs;
import io.jenkins.plugins.gitops.core.git.TransportOptions;
import io.jenkins.plugins.gitops.credentials.GitAuth;
import java.time.Duration;

/**
 * What {@code git ls-remote} does, from the controller, with the configured credentials: proves that the URL is a
 * repository that the credentials may read. It connects as every commit does (the engine's connection): SSH with only
 * the configured key, held in memory, and known hosts, never the controller's own {@code ~/.ssh}; HTTP through
 * Jenkins' proxy.
 */
final class GitRemoteProbe {
    private GitRemoteProbe() {
    }

    static ProbeResult check(String url, GitAuth auth, String knownHosts, boolean acceptUnknownHosts, Duration timeout) {
        TransportOptions options = auth.transport(TransportOptions.sshHosts(knownHosts == null ? "" : knownHosts,
                acceptUnknownHosts)).withTimeout(timeout);
        try {
            RemoteRefs refs = RemoteRefs.list(url, auth.toEngine(), options);
            String head = refs.head() == null ? "" : ", HEAD is " + refs.head();
            return ProbeResult.connected("Connected to " + Urls.redact(url) + ": " + refs.count() + " refs" + head);
        } catch (GitopsException | IllegalArgumentException e) {
            return ProbeResult.failed(Urls.scrub(e.getMessage(), auth.secret(), auth.passphrase()));
        }
    }
}
