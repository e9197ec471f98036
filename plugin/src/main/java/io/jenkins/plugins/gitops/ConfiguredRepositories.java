package io.jenkins.plugins.gitops;

/**
 * Finds the config repositories of the global configuration by name, so that a build can say
 * {@code repository: 'shop-config'} instead of repeating a URL and credentials. A seam between the build-time code and
 * the global configuration, which tests replace.
 */
@FunctionalInterface
public interface ConfiguredRepositories {
    /** The repository called {@code name}, or null when there is none. */
    ConfiguredRepository find(String name);

    /**
     * What builds use. Knows no repository until {@code io.jenkins.plugins.gitops.config.GitopsConfiguration} is wired
     * in here.
     */
    ConfiguredRepositories GLOBAL = name -> null;
}
