package io.jenkins.plugins.gitops.targets;

import hudson.AbortException;
import io.jenkins.plugins.gitops.core.git.TransportOptions;

/**
 * What {@code gitopsWait} reads from the global configuration: named Argo CD servers, Kubernetes clusters and config
 * repositories, and the default timeout. {@code GlobalWaitConfiguration} reads them from Manage Jenkins » System » GitOps; {@link #NONE}
 * knows no names.
 */
public interface WaitConfiguration {
    int DEFAULT_TIMEOUT_SECONDS = 600;

    /** The Argo CD server configured under this name; the message of the exception says what is wrong. */
    Endpoint argoCdServer(String name) throws AbortException;

    /** The Kubernetes API server configured under this name. */
    Endpoint cluster(String name) throws AbortException;

    /** Where a config repository configured under this name lives: for commits that another build made. */
    default RepositoryLocation repository(String name) throws AbortException {
        throw new AbortException("repository '" + name + "' is not configured in Manage Jenkins » System » GitOps");
    }

    /**
     * A configured repository as a wait needs it: its URL, credentials ID (empty for none), default branch (null when
     * the configuration leaves it to the remote), and the SSH host keys its server is checked against.
     */
    record RepositoryLocation(String url, String credentialsId, String defaultBranch, String knownHosts,
            boolean acceptUnknownHosts) {
        public RepositoryLocation {
            knownHosts = knownHosts == null ? "" : knownHosts;
        }

        public RepositoryLocation(String url, String credentialsId, String defaultBranch) {
            this(url, credentialsId, defaultBranch, "", false);
        }

        public TransportOptions transport() {
            return TransportOptions.sshHosts(knownHosts, acceptUnknownHosts);
        }
    }

    /** Seconds to wait when the step gives no {@code timeout}. */
    default int defaultTimeoutSeconds() {
        return DEFAULT_TIMEOUT_SECONDS;
    }

    WaitConfiguration NONE = new WaitConfiguration() {
        @Override
        public Endpoint argoCdServer(String name) throws AbortException {
            throw notConfigured("server", name);
        }

        @Override
        public Endpoint cluster(String name) throws AbortException {
            throw notConfigured("cluster", name);
        }

        private AbortException notConfigured(String what, String name) {
            return new AbortException(what + " '" + name + "' is not configured in Manage Jenkins » System » GitOps");
        }
    };
}
