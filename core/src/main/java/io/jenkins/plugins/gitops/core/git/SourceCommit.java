package io.jenkins.plugins.gitops.core.git;

/**
 * The application commit that the change comes from, written as Argo CD's {@code Argocd-reference-commit-*} trailers.
 *
 * @param repoUrl repository of the source commit (user-info is removed before it is written)
 * @param sha     5 to 40 hex digits
 * @param author  an RFC 5322 name, {@code Name <mail@example.com>}
 * @param date    ISO 8601, as {@code git show -s --format=%aI} prints it
 * @param subject the first line of the message
 * @param body    the rest of the message; written as a JSON string
 */
public record SourceCommit(String repoUrl, String sha, String author, String date, String subject, String body) {}
