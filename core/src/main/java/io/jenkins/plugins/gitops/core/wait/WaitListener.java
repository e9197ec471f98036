package io.jenkins.plugins.gitops.core.wait;

/** Receives one human-readable line whenever the observed state of a wait changes; used for the build log. */
@FunctionalInterface
public interface WaitListener {
    WaitListener NONE = line -> { };

    void stateChanged(String line);
}
