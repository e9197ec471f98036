package io.jenkins.plugins.gitops;

/**
 * A config repository as the global configuration names it, reduced to what a build needs to reach it.
 *
 * @param name          the name pipelines use ({@code repository: 'shop-config'})
 * @param url           the repository URL, without credentials
 * @param credentialsId credentials to push with; empty for anonymous access
 * @param branch        the default branch; empty for the remote's default branch
 */
public record ConfiguredRepository(String name, String url, String credentialsId, String branch) {}
