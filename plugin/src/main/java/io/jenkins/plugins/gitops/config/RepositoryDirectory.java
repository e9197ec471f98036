package io.jenkins.plugins.gitops.config;

import java.util.Optional;

/** Finds a config repository of the global configuration by name; an interface so that steps can be tested alone. */
@FunctionalInterface
public interface RepositoryDirectory {
    Optional<ConfigRepository> repository(String name);

    RepositoryDirectory JENKINS = name -> GitopsConfiguration.get().repository(name);
}
