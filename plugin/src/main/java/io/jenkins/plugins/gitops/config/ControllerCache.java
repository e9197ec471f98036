package io.jenkins.plugins.gitops.config;

import java.nio.file.Path;
import jenkins.model.Jenkins;

/**
 * Where the controller keeps its git data: the branch mirrors of {@code gitopsWait} and the caches of the git work it
 * does itself (reverts), {@code $JENKINS_HOME/caches/gitops-bridge}, as Jenkins keeps SCM caches under
 * {@code caches/}.
 */
public final class ControllerCache {
    /** Overrides the folder. */
    public static final String PROPERTY = "gitops.mirrorDir";

    private ControllerCache() {}

    public static Path root() {
        String configured = System.getProperty(PROPERTY);
        return configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Jenkins.get().getRootDir().toPath().resolve("caches").resolve("gitops-bridge");
    }
}
