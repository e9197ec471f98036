package io.jenkins.plugins.gitops.core.pr;

import java.time.Duration;

/**
 * The requests a poller may spend: each pull request waited on adds one per {@code requestEvery}, and one when it joins, up to a
 * capacity, so that a poller never spends more than its waits' budget over time and still has room for a burst
 * (the list, a read, what holds a pull request back) when few wait. The poller's lock guards it.
 */
final class RequestBucket {
    private final Duration requestEvery;
    private final int burst;
    private double tokens;
    private long at = System.nanoTime();

    /** @param burst what one poll may need at once: the list, a read, and what holds a pull request back */
    RequestBucket(Duration requestEvery, int burst) {
        this.requestEvery = requestEvery;
        this.burst = burst;
    }

    /** Fills the bucket for the time since the last call, at the rate of {@code waits} waits. */
    void accrue(int waits) {
        long now = System.nanoTime();
        tokens = Math.min(capacity(waits), tokens + (double) (now - at) * waits / requestEvery.toNanos());
        at = now;
    }

    /** A wait joins, bringing its first request; {@code waits} counts it. */
    void join(int waits) {
        tokens = Math.min(capacity(waits), tokens + 1);
    }

    /** Takes {@code requests}; returns how many whole requests are left. */
    long spend(int requests, int waits) {
        accrue(waits);
        tokens -= requests;
        return (long) Math.floor(tokens);
    }

    /** How long until the bucket holds {@code needed} requests, at the rate of {@code waits} waits. */
    long nanosUntil(double needed, int waits) {
        accrue(waits);
        return tokens >= needed ? 0 : (long) ((needed - tokens) * requestEvery.toNanos() / Math.max(1, waits));
    }

    private double capacity(int waits) {
        return Math.max(burst, waits);
    }
}
