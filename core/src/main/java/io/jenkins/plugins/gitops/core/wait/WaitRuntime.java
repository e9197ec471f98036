package io.jenkins.plugins.gitops.core.wait;

import io.jenkins.plugins.gitops.core.net.HttpProxy;
import io.jenkins.plugins.gitops.core.wait.http.HttpClients;
import io.jenkins.plugins.gitops.core.wait.http.JsonHttp;
import io.jenkins.plugins.gitops.core.wait.http.RequestLanes;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/** What all waits of one {@link Waits} instance share: timer threads, the request pool, HTTP clients, feeds and settings. */
public final class WaitRuntime {

    private final ScheduledExecutorService scheduler;
    private final RequestLanes requests;
    private final HttpClients clients;
    private final FeedRegistry feeds = new FeedRegistry();
    private final Set<String> answeredServers = ConcurrentHashMap.newKeySet();
    private final WaitSettings settings;
    private final Supplier<HttpProxy> proxy;
    private final Clock clock;

    WaitRuntime(ScheduledExecutorService scheduler, RequestLanes requests, WaitSettings settings, Supplier<HttpProxy> proxy,
            Clock clock) {
        this.scheduler = scheduler;
        this.requests = requests;
        this.clients = new HttpClients(scheduler);
        this.settings = settings;
        this.proxy = proxy;
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
        HttpProxy given = proxy.get();
        HttpProxy current = given == null ? HttpProxy.NONE : given;
        return new JsonHttp(clients.client(caPem, current), requests, token, settings.requestTimeout(), current,
                uri -> answeredServers.add(RequestLanes.serverOf(uri)));
    }

    /**
     * Whether the server at {@code serverUrl} has answered any request of any wait: a wait whose own requests still
     * queue behind others' is not facing an unreachable server.
     */
    public boolean hasAnswered(String serverUrl) {
        try {
            return serverUrl != null && answeredServers.contains(RequestLanes.serverOf(URI.create(serverUrl)));
        } catch (IllegalArgumentException notAUrl) {
            return false;
        }
    }

    /** The next polling interval while nothing changes: double the last, at most pollMax. */
    public Duration longerPoll(Duration interval) {
        Duration doubled = interval.multipliedBy(2);
        return doubled.compareTo(settings.pollMax()) > 0 ? settings.pollMax() : doubled;
    }

    /** Delay before attempt {@code failures + 1}: exponential from retryInitial, capped at retryMax. */
    public Duration backoff(int failures) {
        Duration delay = settings.retryInitial().multipliedBy(1L << Math.min(failures - 1, 16));
        return delay.compareTo(settings.retryMax()) > 0 ? settings.retryMax() : delay;
    }
}
