package io.jenkins.plugins.gitops.core.pr;

import java.time.Instant;
import java.util.List;

/**
 * One page of a repository's pull requests, most recently updated first: how one poller watches many pull requests
 * with one request.
 *
 * @param pulls       the page, newest update first; empty when {@code notModified}
 * @param full        whether the page was full, so that the next may hold more
 * @param etag        what to send as {@code If-None-Match} next time; null when the host sent none
 * @param notModified the host answered {@code 304}: nothing changed since the page with {@code etag}
 * @param budget      what the host said is left of the token's rate limit; null when it said nothing
 */
public record RecentPulls(List<Listed> pulls, boolean full, String etag, boolean notModified, RateBudget budget) {

    /** A pull request as the list shows it, and when it last changed. */
    public record Listed(PullRequest pullRequest, Instant updated) {}

    public RecentPulls {
        pulls = List.copyOf(pulls);
    }

    /** A host's {@code updated_at} ({@code 2026-12-03T12:00:00Z}, {@code …+08:00}); the epoch when unreadable. */
    static Instant updatedAt(String text) {
        try {
            return text == null ? Instant.EPOCH : java.time.OffsetDateTime.parse(text).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
