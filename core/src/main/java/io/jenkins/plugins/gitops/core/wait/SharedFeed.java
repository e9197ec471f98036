package io.jenkins.plugins.gitops.core.wait;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.core.wait.http.ApiException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One watcher or poller of one object, shared by all waits on it. Subclasses fetch; this class fans out snapshots,
 * drops stale ones and turns a run of transient failures into one {@link FeedEvent.Unavailable} and one
 * {@link FeedEvent.Recovered}.
 */
public abstract class SharedFeed {

    protected final WaitRuntime runtime;
    private final List<Consumer<FeedEvent>> subscribers = new CopyOnWriteArrayList<>();
    private final Map<String, SharedRequest<?>> requests = new HashMap<>();
    private JsonNode last;
    private int failures;
    private boolean started;
    private volatile boolean stopped;
    private volatile boolean gaveUp;

    protected SharedFeed(WaitRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * Adds a subscriber and hands it the last snapshot, outside this feed's lock (the subscriber takes its own), so
     * a newer one may reach it first; subscribers drop older states. Returns false, adding nothing, when the feed has
     * stopped or given up.
     */
    boolean add(Consumer<FeedEvent> subscriber) {
        JsonNode current;
        boolean first;
        synchronized (this) {
            if (stopped || gaveUp) {
                return false;
            }
            subscribers.add(subscriber);
            current = last;
            first = !started;
            started = true;
        }
        if (first) {
            start();
        }
        if (current != null) {
            subscriber.accept(new FeedEvent.Snapshot(current));
        }
        return true;
    }

    /** Returns whether no subscriber is left, in which case the feed has stopped. */
    synchronized boolean remove(Consumer<FeedEvent> subscriber) {
        subscribers.remove(subscriber);
        if (subscribers.isEmpty()) {
            stopped = true;
            stop();
            return true;
        }
        return false;
    }

    /**
     * The request named {@code name} that the waits on this target share (see {@link SharedRequest}); the first wait
     * to ask supplies how to send it.
     */
    @SuppressWarnings("unchecked")
    public synchronized <T> SharedRequest<T> sharedRequest(String name, Supplier<CompletableFuture<T>> call) {
        return (SharedRequest<T>) requests.computeIfAbsent(name, n -> new SharedRequest<>(call));
    }

    /** Offers a state learned elsewhere (for example the answer to a refresh or sync request). */
    public void offer(JsonNode object) {
        synchronized (this) {
            if (object == last || isOlder(object, last)) {
                return;
            }
            last = object;
        }
        publish(new FeedEvent.Snapshot(object));
    }

    public JsonNode last() {
        synchronized (this) {
            return last;
        }
    }

    protected boolean isStopped() {
        return stopped;
    }

    /** Whether a refusal ended this feed, or its last subscriber left; it delivers nothing more. */
    boolean hasEnded() {
        return gaveUp || stopped;
    }

    protected abstract void start();

    protected abstract void stop();

    protected void publish(FeedEvent event) {
        for (Consumer<FeedEvent> subscriber : subscribers) {
            subscriber.accept(event);
        }
    }

    /** The next polling interval while nothing changes: double the last, at most pollMax. */
    protected Duration longerPoll(Duration interval) {
        return runtime.longerPoll(interval);
    }

    /**
     * Offers what a GET fetched while the stream was silent, and tells {@code silence} whether it was news; a failed
     * GET counts as no news (the stream or the next GET will tell).
     */
    protected final void offerWhileSilent(CompletableFuture<JsonNode> fetched, Predicate<JsonNode> isNews,
            SilenceWatch silence) {
        fetched.whenComplete((object, error) -> {
            if (isStopped() || error != null) {
                silence.answered(false);
                return;
            }
            succeeded();
            boolean news = isNews.test(object);
            offer(object);
            silence.answered(news);
        });
    }

    protected void succeeded() {
        int failed;
        synchronized (this) {
            failed = failures;
            failures = 0;
        }
        if (failed > 0) {
            publish(new FeedEvent.Recovered(failed));
        }
    }

    /** Records a failure and returns how long to wait before trying again, or {@code null} to give up. */
    protected Duration failed(ApiException error) {
        if (!error.isTransient()) {
            List<Consumer<FeedEvent>> told;
            synchronized (this) {
                gaveUp = true;
                told = List.copyOf(subscribers);
            }
            FeedEvent refused = new FeedEvent.Refused(error);
            told.forEach(subscriber -> subscriber.accept(refused));
            return null;
        }
        int n;
        synchronized (this) {
            n = ++failures;
        }
        if (n == 1) {
            publish(new FeedEvent.Unavailable(error));
        }
        return runtime.backoff(n);
    }

    /**
     * Whether {@code object} is an older state than {@code than}, by their resourceVersions (numbers on every API
     * server in use, though Kubernetes calls them opaque; anything else is never called older).
     */
    static boolean isOlder(JsonNode object, JsonNode than) {
        if (object == null || than == null) {
            return false;
        }
        String before = than.path("metadata").path("resourceVersion").asText("");
        String now = object.path("metadata").path("resourceVersion").asText("");
        try {
            return Long.parseLong(now) < Long.parseLong(before);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
