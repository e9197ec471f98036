package io.jenkins.plugins.gitops.config;

/** The outcome of a "Test connection": whether the remote answered as expected, and a message without secrets. */
record ProbeResult(boolean ok, String message) {
    static ProbeResult connected(String message) {
        return new ProbeResult(true, message);
    }

    static ProbeResult failed(String message) {
        return new ProbeResult(false, message);
    }
}
