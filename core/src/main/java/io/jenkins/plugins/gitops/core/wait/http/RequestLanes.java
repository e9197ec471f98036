package io.jenkins.plugins.gitops.core.wait.http;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Shares a few threads that do blocking work between servers (or repositories): each gets a lane that runs at most
 * {@code perLane} jobs at a time, queueing the rest, so that one server that stops answering cannot take every thread.
 * It can still take {@code perLane} of them until its requests time out; with three threads and two per lane, two
 * such servers at once make the others queue. Jobs learn how long they queued, so that a request timeout can cover
 * the whole wait. After {@link #close()} every queued job fails instead of hanging.
 */
public final class RequestLanes implements AutoCloseable {

    /** Blocking work that is told how long it waited for a thread. */
    @FunctionalInterface
    public interface Job<T> {
        T run(Duration queued) throws Exception;
    }

    private final Executor pool;
    private final int perLane;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final Set<Queued<?>> dispatched = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public RequestLanes(Executor pool, int perLane) {
        if (perLane < 1) {
            throw new IllegalArgumentException("a lane needs at least one thread, was given " + perLane);
        }
        this.pool = pool;
        this.perLane = perLane;
    }

    /** The lane name of the server (scheme, host and port) that {@code uri} points at. */
    public static String serverOf(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    /** Runs {@code job} in lane {@code lane}; the future fails with the job's exception, or when the lanes close. */
    public <T> CompletableFuture<T> submit(String lane, Job<T> job) {
        return submit(lane, perLane, job);
    }

    /**
     * Runs {@code job} in lane {@code lane}, which runs at most {@code threads} jobs at a time (set by the lane's first
     * job; at most the default).
     */
    public <T> CompletableFuture<T> submit(String lane, int threads, Job<T> job) {
        Queued<T> queued = new Queued<>(job, System.nanoTime());
        lanes.computeIfAbsent(lane, name -> new Lane(Math.max(1, Math.min(threads, perLane)))).add(queued);
        return queued.result;
    }

    @Override
    public void close() {
        closed = true;
        List<Queued<?>> abandoned = new ArrayList<>(dispatched);
        for (Lane lane : lanes.values()) {
            abandoned.addAll(lane.drain());
        }
        abandoned.forEach(Queued::abandon);
    }

    private static final class Queued<T> {
        private final Job<T> job;
        private final long queuedAt;
        private final CompletableFuture<T> result = new CompletableFuture<>();

        Queued(Job<T> job, long queuedAt) {
            this.job = job;
            this.queuedAt = queuedAt;
        }

        void run() {
            try {
                result.complete(job.run(Duration.ofNanos(System.nanoTime() - queuedAt)));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }

        void abandon() {
            result.completeExceptionally(new RejectedExecutionException("the wait engine has shut down"));
        }
    }

    private final class Lane {
        private final Queue<Queued<?>> waiting = new ArrayDeque<>();
        private final int limit;
        private int running;

        Lane(int limit) {
            this.limit = limit;
        }

        void add(Queued<?> job) {
            synchronized (this) {
                if (closed) {
                    job.abandon();
                    return;
                }
                if (running >= limit) {
                    waiting.add(job);
                    return;
                }
                running++;
            }
            dispatch(job);
        }

        synchronized List<Queued<?>> drain() {
            List<Queued<?>> all = new ArrayList<>(waiting);
            waiting.clear();
            return all;
        }

        private void dispatch(Queued<?> first) {
            Queued<?> job = first;
            while (job != null) {
                Queued<?> current = job;
                dispatched.add(current);
                try {
                    pool.execute(() -> {
                        try {
                            current.run();
                        } finally {
                            dispatched.remove(current);
                            Queued<?> next = nextOrRelease();
                            if (next != null) {
                                dispatch(next);
                            }
                        }
                    });
                    return;
                } catch (RejectedExecutionException e) {
                    dispatched.remove(current);
                    current.abandon();
                    job = nextOrRelease();
                }
            }
        }

        private synchronized Queued<?> nextOrRelease() {
            Queued<?> next = closed ? null : waiting.poll();
            if (next == null) {
                running--;
            }
            return next;
        }
    }
}
