package io.jenkins.plugins.gitops.core.pr;

import java.time.Duration;
import java.time.Instant;

/**
 * What a host said is left of a token's request budget ({@code X-RateLimit-Remaining}, {@code -Limit},
 * {@code -Reset}), so that pollers can slow down before the host refuses them, keeping a tenth for everything else
 * the token does (commits, other jobs).
 */
public record RateBudget(long remaining, long limit, Instant reset) {

    /** The shortest interval between polls of {@code requestsPerPoll} requests that lasts until the reset. */
    public Duration pace(int requestsPerPoll, Instant now) {
        long spendable = remaining - limit / 10;
        Duration untilReset = Duration.between(now, reset);
        if (untilReset.isNegative()) return Duration.ZERO;
        if (spendable <= 0) return untilReset;
        return untilReset.multipliedBy(Math.max(1, requestsPerPoll)).dividedBy(spendable);
    }
}
