package io.jenkins.plugins.gitops.cli;

import java.nio.file.Path;

/** Where commits and waits keep their repository caches unless told otherwise, so that runs share them. */
final class CacheDir {
    private CacheDir() {}

    static Path orDefault(Path given) {
        return given != null ? given : Path.of(System.getProperty("user.home"), ".cache", "gitops-bridge");
    }
}
