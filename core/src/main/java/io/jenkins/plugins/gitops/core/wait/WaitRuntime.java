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
    private final Supplier<WaitSettings> settings;
    private final Supplier<HttpProxy> proxy;
    private final Clock clock;

    WaitRuntime(ScheduledExecutorService scheduler, RequestLanes requests, Supplier<WaitSettings> settings,
            Supplier<HttpProxy> proxy, Clock clock) {
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

    /** The settings of the moment: a Jenkins administrator may change the poll interval while waits run. */
    public WaitSettings settings() {
        return settings.get();
    }

    public Clock clock() {
        return clock;
    }

    public JsonHttp http(String caPem, String token) {
        HttpProxy given = proxy.get();
        HttpProxy current = given == null ? HttpProxy.NONE : given;
        return new JsonHttp(clients.client(caPem, current), requests, token, settings().requestTimeout(), current,
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
        Duration max = settings().pollMax();
        return doubled.compareTo(max) > 0 ? max : doubled;
    }

    /** Delay before attempt {@code failures + 1}: exponential from retryInitial, capped at retryMax. */
    public Duration backoff(int failures) {
        WaitSettings now = settings();
        Duration delay = now.retryInitial().multipliedBy(1L << Math.min(failures - 1, 16));
        return delay.compareTo(now.retryMax()) > 0 ? now.retryMax() : delay;
    }
}
