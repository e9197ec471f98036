package io.jenkins.plugins.gitops.core.wait;

import io.jenkins.plugins.gitops.core.wait.http.HttpClients;
import io.jenkins.plugins.gitops.core.wait.http.JsonHttp;
import io.jenkins.plugins.gitops.core.wait.http.RequestLanes;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/** What all waits of one {@link Waits} instance share: timer threads, the request pool, HTTP clients, feeds and settings. */
public final class WaitRuntime {

    private final ScheduledExecutorService scheduler;
    private final RequestLanes requests;
    private final HttpClients clients;
    private final FeedRegistry feeds = new FeedRegistry();
    private final WaitSettings settings;
    private final Clock clock;

    WaitRuntime(ScheduledExecutorService scheduler, RequestLanes requests, WaitSettings settings, Clock clock) {
        this.scheduler = scheduler;
        this.requests = requests;
        this.clients = new HttpClients(scheduler);
        this.settings = settings;
        this.clock = clock;
    }

    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    public FeedRegistry feeds() {
        return feeds;
    }

    public WaitSettings settings() {
        return settings;
    }

    public Clock clock() {
        return clock;
    }

    public JsonHttp http(String caPem, String token) {
        return new JsonHttp(clients.forCa(caPem), requests, token, settings.requestTimeout());
    }

    /** Delay before attempt {@code failures + 1}: exponential from retryInitial, capped at retryMax. */
    public Duration backoff(int failures) {
        Duration delay = settings.retryInitial().multipliedBy(1L << Math.min(failures - 1, 16));
        return delay.compareTo(settings.retryMax()) > 0 ? settings.retryMax() : delay;
    }
}
