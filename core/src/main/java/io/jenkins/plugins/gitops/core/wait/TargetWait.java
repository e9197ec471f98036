package io.jenkins.plugins.gitops.core.wait;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.core.wait.http.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The life cycle every wait shares: a deadline timer, state lines for the listener, feed subscriptions that end with
 * the wait (also on cancel), and retries of transient errors until the deadline, logged once. Subclasses judge
 * snapshots; all judging happens under this object's lock, so a subclass sees one event at a time, and nothing under
 * the lock waits for git: ancestry questions that need the repository are answered in the background
 * ({@link DeferredAncestry}).
 */
public abstract class TargetWait {

    protected final WaitRuntime runtime;
    protected final WaitRequest request;
    private final WaitListener listener;
    private final CompletableFuture<WaitOutcome> future = new Outcome();
    private final StateLog states = new StateLog();
    private final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();
    private final Reachability reachability = new Reachability();
    private Instant startedAt;
    private JsonNode latest;
    private boolean judgeAgainWhenAnswered;
    private Instant lastBranchCheck;
    private boolean checkingBranch;

    protected TargetWait(WaitRuntime runtime, WaitRequest request, WaitListener listener) {
        this.runtime = runtime;
        this.request = request;
        this.listener = listener == null ? WaitListener.NONE : listener;
    }

    final CompletableFuture<WaitOutcome> start() {
        startedAt = now();
        long millis = Math.max(0, Duration.between(startedAt, request.deadline()).toMillis());
        ScheduledFuture<?> timer = runtime.scheduler().schedule(this::timeUp, millis, TimeUnit.MILLISECONDS);
        long graceMillis = runtime.settings().neverReachedGrace().toMillis();
        ScheduledFuture<?> grace = graceMillis < millis
                ? runtime.scheduler().schedule(this::graceOver, graceMillis, TimeUnit.MILLISECONDS) : null;
        future.whenComplete((outcome, error) -> {
            timer.cancel(false);
            if (grace != null) {
                grace.cancel(false);
            }
            if (!future.isCancelled()) {
                closeResources();
            }
        });
        synchronized (this) {
            try {
                begin();
            } catch (RuntimeException e) {
                fail("cannot start waiting for " + request.target().describe() + ": " + e.getMessage());
            }
        }
        return future;
    }

    /** Starts requests and subscriptions; called once, under the lock. */
    protected abstract void begin();

    /**
     * Handles the latest state of the watched object; called under the lock, never after the wait ended. May throw
     * {@link DeferredAncestry.Pending}: it is then called again with the latest state once the answer is in.
     */
    protected abstract void onSnapshot(JsonNode object);

    /** Judges {@code object} as the latest state of the watched object, unless it is older; call under the lock. */
    protected final void judge(JsonNode object) {
        if (future.isDone() || (object != latest && SharedFeed.isOlder(object, latest))) {
            return;
        }
        latest = object;
        try {
            onSnapshot(object);
        } catch (DeferredAncestry.Pending pending) {
            if (!judgeAgainWhenAnswered) {
                judgeAgainWhenAnswered = true;
                pending.answered().whenComplete((answer, error) -> judgeAgain());
            }
        } catch (RuntimeException e) {
            fail("error while judging " + request.target().describe() + ": " + e);
        }
    }

    /** Judges the latest state again, for example once a refresh request has been answered. */
    protected final synchronized void judgeAgain() {
        judgeAgainWhenAnswered = false;
        if (latest != null) {
            judge(latest);
        }
    }

    /** Target-specific lines for the timeout diagnosis (last sync/health/conditions...). */
    protected abstract String details();

    protected final boolean isOver() {
        return future.isDone();
    }

    protected final Instant now() {
        return runtime.clock().instant();
    }

    protected final void succeed(WaitOutcome.Done done) {
        if (future.complete(done)) {
            listener.stateChanged(done.detail());
        }
    }

    protected final void fail(String reason) {
        if (future.complete(new WaitOutcome.Failed(reason))) {
            listener.stateChanged("Failed: " + reason);
        }
    }

    /** Reports a state; repeated identical states are reported once. */
    protected final void state(String line) {
        if (states.enter(line, now())) {
            listener.stateChanged(line);
        }
    }

    /** Reports an event that is not a state (a request sent, a retry begun). */
    protected final void log(String line) {
        listener.stateChanged(line);
    }

    /**
     * While the reconciler still shows an older commit: fails the wait when the branch no longer contains ours (reset
     * or force push). Asks in the background, at most once per recheck interval; call under the lock.
     *
     * @param stillBehind whether the reconciler still shows the older commit when the answer comes in
     * @param seen what the reconciler shows instead, for the failure message
     */
    protected final void failIfBranchRewritten(DeferredAncestry ancestry, BooleanSupplier stillBehind,
            Supplier<String> seen) {
        if (checkingBranch || (lastBranchCheck != null
                && now().isBefore(lastBranchCheck.plus(runtime.settings().recheckInterval())))) {
            return;
        }
        lastBranchCheck = now();
        checkingBranch = true;
        ConfigCommit commit = request.commit();
        ancestry.branchContainsLater(commit.sha()).whenComplete((contains, error) -> {
            synchronized (this) {
                checkingBranch = false;
                if (!stillBehind.getAsBoolean()) {
                    return;
                }
                if (error != null) {
                    fail("cannot tell whether branch " + commit.branch() + " still contains " + commit.shortSha() + ": "
                            + error);
                } else if (!contains) {
                    fail("branch " + commit.branch() + " no longer contains " + commit.shortSha()
                            + " (reset or force push); " + seen.get());
                }
            }
        });
    }

    protected final SharedFeed subscribe(String key, Supplier<? extends SharedFeed> factory) {
        return subscribe(key, factory, this::onFeedEvent).feed();
    }

    /**
     * Follows a second object that explains the target's state (a Flux source): its snapshots go to
     * {@code snapshots}, a refusal to {@code refused}; server outages are reported by the target's own feed.
     *
     * @return closes this subscription before the wait ends (when the target points elsewhere)
     */
    protected final AutoCloseable subscribeRelated(String key, Supplier<? extends SharedFeed> factory,
            Consumer<JsonNode> snapshots, Consumer<ApiException> refused) {
        FeedRegistry.Subscription subscription = subscribe(key, factory, event -> {
            synchronized (this) {
                if (future.isDone()) {
                    return;
                }
                try {
                    if (event instanceof FeedEvent.Snapshot snapshot) {
                        reachability.answered();
                        snapshots.accept(snapshot.object());
                    } else if (event instanceof FeedEvent.Refused refusal) {
                        refused.accept(refusal.error());
                    }
                } catch (RuntimeException e) {
                    fail("error while judging " + request.target().describe() + ": " + e);
                }
            }
        });
        return () -> {
            resources.remove(subscription);
            subscription.close();
        };
    }

    private FeedRegistry.Subscription subscribe(String key, Supplier<? extends SharedFeed> factory,
            Consumer<FeedEvent> events) {
        FeedRegistry.Subscription subscription = runtime.feeds().subscribe(key, factory, events);
        resources.add(subscription);
        if (future.isDone()) {
            closeResources();
        }
        return subscription;
    }

    protected final void onClose(AutoCloseable resource) {
        resources.add(resource);
    }

    /**
     * Runs {@code call}, retrying transient failures with backoff until the deadline. The first failure is logged,
     * later ones are not. The result fails with the {@link ApiException} of a refusal or of the last attempt.
     */
    protected final <T> CompletableFuture<T> retrying(String what, Supplier<CompletableFuture<T>> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(what, call, result, 1);
        return result;
    }

    private <T> void attempt(String what, Supplier<CompletableFuture<T>> call, CompletableFuture<T> result, int n) {
        if (future.isDone()) {
            result.cancel(false);
            return;
        }
        call.get().whenComplete((value, error) -> {
            if (error == null) {
                reachability.answered();
                if (n > 1) {
                    log(what + " succeeded after " + (n - 1) + " failed attempt(s)");
                }
                result.complete(value);
                return;
            }
            ApiException api = ApiException.from(error);
            reachability.failed(api, now());
            Duration delay = runtime.backoff(n);
            if (!api.isTransient() || now().plus(delay).isAfter(request.deadline())) {
                result.completeExceptionally(api);
                return;
            }
            if (n == 1) {
                log(what + " failed (" + api.getMessage() + "); retrying until the deadline");
            }
            try {
                runtime.scheduler().schedule(() -> attempt(what, call, result, n + 1), delay.toMillis(),
                        TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException shutDown) {
                result.completeExceptionally(ApiException.from(shutDown));
            }
        });
    }

    private synchronized void onFeedEvent(FeedEvent event) {
        if (future.isDone()) {
            return;
        }
        try {
            if (event instanceof FeedEvent.Snapshot snapshot) {
                reachability.answered();
                judge(snapshot.object());
            } else if (event instanceof FeedEvent.Unavailable unavailable) {
                reachability.failed(unavailable.error(), now());
                log(request.target().describe() + ": server unavailable (" + unavailable.error().getMessage()
                        + "); retrying until the deadline");
            } else if (event instanceof FeedEvent.Recovered recovered) {
                reachability.answered();
                log(request.target().describe() + ": server answers again after " + recovered.failedAttempts()
                        + " failed attempt(s)");
            } else if (event instanceof FeedEvent.Refused refused) {
                reachability.failed(refused.error(), now());
                fail(refusal(refused.error()));
            }
        } catch (RuntimeException e) {
            fail("error while judging " + request.target().describe() + ": " + e);
        }
    }

    /** Words for a refusal; subclasses may say what a 404 means for them. */
    protected String refusal(ApiException error) {
        return switch (error.status()) {
            case 401 -> request.target().describe() + ": authentication refused (401): " + error.serverMessage();
            case 403 -> request.target().describe() + ": permission denied (403): " + error.serverMessage();
            case 404 -> request.target().describe() + " not found (404): " + error.serverMessage();
            case ApiException.TLS_FAILURE -> error.isCertificateRejected()
                    ? request.target().describe() + ": TLS verification failed (" + error.serverMessage()
                            + "); if the server uses a private CA, configure its CA certificate"
                    : request.target().describe() + ": TLS handshake failed (" + error.serverMessage() + ")";
            case ApiException.ENGINE_CLOSED -> request.target().describe() + ": " + error.serverMessage();
            default -> request.target().describe() + ": request refused: " + error.getMessage();
        };
    }

    /** A server that never answered in the grace period is most likely unreachable for good: fail, naming why. */
    private synchronized void graceOver() {
        if (!future.isDone() && !reachability.everReached() && !runtime.hasAnswered(request.target().serverUrl())) {
            fail(reachability.neverReached(request.target().describe(), runtime.settings().neverReachedGrace()));
        }
    }

    private synchronized void timeUp() {
        if (future.isDone()) {
            return;
        }
        Instant now = now();
        String diagnosis = "Timed out after " + StateLog.human(Duration.between(startedAt, now)) + " waiting for "
                + request.target().describe()
                + (request.commit() == null ? "" : " to apply " + request.commit().shortSha())
                + ".\n" + reachability.summary(runtime.hasAnswered(request.target().serverUrl())) + details() + "State history:\n" + states.history(now, 12);
        if (future.complete(new WaitOutcome.TimedOut(diagnosis))) {
            listener.stateChanged(diagnosis);
        }
    }

    /**
     * The wait's outcome; cancelling it closes the wait's watches before {@code cancel} returns. A dependent alone
     * would not: CompletableFuture lets the thread that runs any of the caller's asynchronous handlers run the other
     * dependents too, so the clean-up could still be running elsewhere after {@code cancel} has returned.
     */
    private final class Outcome extends CompletableFuture<WaitOutcome> {
        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled) {
                closeResources();
            }
            return cancelled;
        }
    }

    private void closeResources() {
        for (AutoCloseable resource : resources) {
            resources.remove(resource);
            try {
                resource.close();
            } catch (Exception ignored) {
                // closing a watch must not mask the outcome
            }
        }
    }
}
