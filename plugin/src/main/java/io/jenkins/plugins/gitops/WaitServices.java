package io.jenkins.plugins.gitops;

import io.jenkins.plugins.gitops.core.wait.Waits;
import io.jenkins.plugins.gitops.credentials.CredentialLookup;
import io.jenkins.plugins.gitops.config.GitopsConfiguration;
import io.jenkins.plugins.gitops.config.GlobalWaitConfiguration;
import io.jenkins.plugins.gitops.targets.WaitConfiguration;
import java.nio.file.Path;
import jenkins.model.Jenkins;

/**
 * What every {@code gitopsWait} of a controller shares: one wait engine (its five threads and the watches that
 * waits on the same object share), the credentials lookup, the configuration and the branch mirrors. A waiting step
 * keeps none of it in its persisted state; it asks for {@link #controller()} again after a restart.
 */
record WaitServices(Waits waits, CredentialLookup credentials, WaitConfiguration configuration, BranchMirrors mirrors) {
    /** Overrides the mirrors' folder, {@code $JENKINS_HOME/caches/gitops-bridge} by default. */
    static final String MIRROR_DIR_PROPERTY = "gitops.mirrorDir";

    /** The controller's services, created on first use and kept for the life of the controller. */
    static WaitServices controller() {
        return Controller.SERVICES;
    }

    private static final class Controller {
        static final WaitServices SERVICES = new WaitServices(Waits.create(), CredentialLookup.JENKINS,
                new GlobalWaitConfiguration(GitopsConfiguration::get), new BranchMirrors(Controller::mirrorRoot));

        private static Path mirrorRoot() {
            String configured = System.getProperty(MIRROR_DIR_PROPERTY);
            return configured != null && !configured.isBlank()
                    ? Path.of(configured)
                    : Jenkins.get().getRootDir().toPath().resolve("caches").resolve("gitops-bridge");
        }
    }
}
