package io.jenkins.plugins.gitops.core.wait;

import io.jenkins.plugins.gitops.core.concurrent.OwnThreads;
import io.jenkins.plugins.gitops.core.wait.argocd.ArgoCdWait;
import io.jenkins.plugins.gitops.core.wait.flux.FluxWait;
import io.jenkins.plugins.gitops.core.wait.http.RequestLanes;
import io.jenkins.plugins.gitops.core.wait.kube.RolloutWait;
import io.jenkins.plugins.gitops.core.net.HttpProxy;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Entry point: waits until a reconciler has applied a commit, without holding a thread while waiting. One instance
 * is meant to live as long as the Jenkins controller (or the CLI); it owns one timer thread, which also carries the HTTP
 * client's work and the judging of what the watches deliver (never blocking work), and three threads for blocking work:
 * short requests (at most two at a time per server) and git (ancestry questions that need the config repository,
 * which may fetch; at most one at a time, so that a slow fetch leaves two threads to the servers). Waits on the same
 * target share their watchers.
 */
public final class Waits implements AutoCloseable {

    private static final int TIMER_THREADS = 1;
    private static final int REQUEST_THREADS = 3;
    private static final int REQUEST_THREADS_PER_SERVER = 2;
    /** The lane name of git work; server lanes are named by URL, so they never meet it. */
    private static final String GIT_LANE = "git";

    private final ScheduledThreadPoolExecutor scheduler;
    private final ThreadPoolExecutor requests;
    private final RequestLanes requestLanes;
    private final WaitRuntime runtime;
    private final Set<CompletableFuture<WaitOutcome>> running = ConcurrentHashMap.newKeySet();

    private Waits(Supplier<WaitSettings> settings, Supplier<HttpProxy> proxy, Clock clock) {
        this.scheduler = new ScheduledThreadPoolExecutor(TIMER_THREADS, OwnThreads.daemons("gitops-wait-"));
        scheduler.setRemoveOnCancelPolicy(true);
        this.requests = new ThreadPoolExecutor(REQUEST_THREADS, REQUEST_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), OwnThreads.daemons("gitops-wait-io-"));
        requests.allowCoreThreadTimeOut(true);
        this.requestLanes = new RequestLanes(requests, REQUEST_THREADS_PER_SERVER);
        this.runtime = new WaitRuntime(scheduler, requestLanes, settings, proxy, clock);
    }

    public static Waits create() {
        return create(WaitSettings.defaults());
    }

    public static Waits create(WaitSettings settings) {
        return create(settings, () -> HttpProxy.NONE);
    }

    /** Waits whose requests go through the proxy of the moment, read as each wait starts. */
    public static Waits create(WaitSettings settings, Supplier<HttpProxy> proxy) {
        return new Waits(() -> settings, proxy, Clock.systemUTC());
    }

    /** Waits that read their settings and proxy of the moment, for a host whose configuration changes at run time. */
    public static Waits create(Supplier<WaitSettings> settings, Supplier<HttpProxy> proxy) {
        return new Waits(settings, proxy, Clock.systemUTC());
    }

    /**
     * Starts waiting. The future completes with the outcome; cancelling it stops all watching and polling for this
     * wait before {@code cancel} returns. Calling again with the same request (for example after a restart) simply
     * waits again until the same deadline.
     *
     * @param ancestry answers ancestry questions in the config repository; ignored for rollout targets
     * @param listener receives one line per observed state change
     */
    public CompletableFuture<WaitOutcome> await(WaitRequest request, Ancestry ancestry, WaitListener listener) {
        WaitTarget target = request.target();
        TargetWait wait;
        if (target instanceof ArgoCdTarget) {
            wait = new ArgoCdWait(runtime, request, deferred(request, ancestry), listener);
        } else if (target instanceof FluxTarget) {
            wait = new FluxWait(runtime, request, deferred(request, ancestry), listener);
        } else {
            wait = new RolloutWait(runtime, request, listener);
        }
        CompletableFuture<WaitOutcome> outcome = wait.start();
        running.add(outcome);
        outcome.whenComplete((done, error) -> running.remove(outcome));
        return outcome;
    }

    private DeferredAncestry deferred(WaitRequest request, Ancestry ancestry) {
        Objects.requireNonNull(ancestry, "ancestry (needed for " + request.target().describe() + ")");
        return new DeferredAncestry(ancestry, requestLanes, GIT_LANE, runtime.clock(),
                runtime.settings().recheckInterval());
    }

    /** Number of watchers/pollers currently running (waits on the same target share one). */
    public int activeWatchers() {
        return runtime.feeds().activeFeeds();
    }

    /** Ends the waits still running (they fail, saying so) and stops the engine's threads. */
    @Override
    public void close() {
        for (CompletableFuture<WaitOutcome> wait : List.copyOf(running)) {
            wait.complete(new WaitOutcome.Failed("the wait engine was shut down before the wait ended"));
        }
        scheduler.shutdownNow();
        requests.shutdownNow();
        requestLanes.close();
    }
}
