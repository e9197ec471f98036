package io.jenkins.plugins.gitops.checkout;

/**
 * What {@code withGitopsRepo} is given, the same in the Pipeline block step and in the Freestyle build environment
 * option, so that both check out and commit by the same rules.
 *
 * @param repository a repository of the global configuration, or empty
 * @param url        the repository URL when no {@code repository} is named, or empty
 * @param dir        the folder of the workspace to check out into; empty for the repository's name
 * @param message    the commit message; empty for the configured template or the default
 * @param pullRequest how to land the changes through a pull request; null to push them to the branch
 * @param signingKeyCredentialsId the key that signs the commit instead of the configured repository's; empty for that
 */
public record CheckoutSettings(String repository, String url, String credentialsId, String branch, String dir, String message,
        boolean skipCi, io.jenkins.plugins.gitops.commit.PullRequestOption pullRequest, String signingKeyCredentialsId,
        String signingPassphraseCredentialsId) {}
