package io.jenkins.plugins.gitops.core.pr;

import io.jenkins.plugins.gitops.core.concurrent.OwnThreads;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Waits for many pull requests to be merged without a thread per wait: one poller per repository and token reads the
 * list of recently updated pull requests (one request for all of them, answered {@code 304} when nothing changed) and
 * reads single pull requests only where the list cannot tell (GitHub's mergeability). Each poller spends at most one
 * request per pull request per {@link Settings#requestEvery()}, slows down before the rate limit runs out, and waits
 * out a refusal as long as the host says. One instance lives as long as the Jenkins controller, or the command.
 * Threads: one timer (which also carries the HTTP client's work), two for requests, and the HTTP client's selector.
 */
public final class MergeWatch implements AutoCloseable {
    private static final int REQUEST_THREADS = 2;

    /**
     * @param shortestInterval the most often a poller asks its host
     * @param requestEvery     how long each pull request waited on may cost one request at most
     * @param detailEvery      how often a pull request is read on its own where the list cannot say whether it
     *                         can be merged
     */
    public record Settings(Duration shortestInterval, Duration requestEvery, Duration detailEvery) {
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(60));
        }
    }

    private final Settings settings;
    private final ScheduledThreadPoolExecutor timer;
    private final ThreadPoolExecutor requests;
    private final HttpClient client;
    private final Map<String, RepoPoller> pollers = new ConcurrentHashMap<>();
    private final Set<CompletableFuture<MergeOutcome>> running = ConcurrentHashMap.newKeySet();

    private MergeWatch(Settings settings) {
        this.settings = settings;
        this.timer = new ScheduledThreadPoolExecutor(1, OwnThreads.daemons("gitops-merge-wait-"));
        timer.setRemoveOnCancelPolicy(true);
        this.requests = new ThreadPoolExecutor(REQUEST_THREADS, REQUEST_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), OwnThreads.daemons("gitops-merge-wait-io-"));
        requests.allowCoreThreadTimeOut(true);
        // the client's own work never blocks, so the timer carries it; the request threads wait on its answers
        this.client = OwnThreads.create(() -> HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .executor(timer).build());
    }

    public static MergeWatch create() {
        return create(Settings.defaults());
    }

    public static MergeWatch create(Settings settings) {
        return new MergeWatch(settings);
    }

    /** The client that hosts made for this watch share ({@link PullRequestHosts#forRepository}), not one each. */
    public HttpClient httpClient() {
        return client;
    }

    /**
     * Starts waiting until pull request {@code number} of {@code host} is merged. Cancelling the future stops the
     * wait. Calling again after a restart, with the same deadline, simply waits again.
     *
     * @param log one line per change of what the host says
     */
    public CompletableFuture<MergeOutcome> await(PullRequestHost host, int number, Instant deadline, Consumer<String> log) {
        MergeJudge judge = new MergeJudge(number, log);
        CompletableFuture<MergeOutcome> outcome = new CompletableFuture<>();
        running.add(outcome);
        // a wait resumed after its deadline (a long restart) still reads the pull request once before it times out
        long left = Duration.between(Instant.now(), deadline).toMillis();
        long delay = left > 0 ? left : settings.requestEvery().toMillis();
        ScheduledFuture<?> timeout = timer.schedule(() -> outcome.complete(judge.timedOut()), delay, TimeUnit.MILLISECONDS);
        RepoPoller.Watcher watcher = new RepoPoller.Watcher(number, judge, outcome);
        RepoPoller poller = join(host, watcher);
        outcome.whenComplete((done, error) -> {
            timeout.cancel(false);
            running.remove(outcome);
            poller.leave(watcher);
        });
        return outcome;
    }

    private RepoPoller join(PullRequestHost host, RepoPoller.Watcher watcher) {
        String key = host.watchKey();
        while (true) {
            RepoPoller poller = pollers.computeIfAbsent(key, k -> new RepoPoller(host, settings, timer, requests,
                    idle -> pollers.remove(k, idle)));
            if (poller.join(watcher)) return poller;
            pollers.remove(key, poller);
        }
    }

    /** Pollers running now: one per repository and token waited on. */
    public int pollers() {
        return pollers.size();
    }

    /** Ends the waits still running (they fail, saying so) and stops the threads. */
    @Override
    public void close() {
        for (CompletableFuture<MergeOutcome> wait : List.copyOf(running)) {
            wait.complete(new MergeOutcome.Failed(null, "the merge wait was shut down before the wait ended"));
        }
        timer.shutdownNow();
        requests.shutdownNow();
    }
}
