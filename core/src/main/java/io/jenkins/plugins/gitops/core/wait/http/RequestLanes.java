package io.jenkins.plugins.gitops.core.wait.http;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Shares the engine's few request threads between servers: each server gets a lane that runs at most
 * {@code perServer} blocking requests at a time, so a server that stops answering holds only its own lane and waits
 * on other servers go on.
 */
public final class RequestLanes {

    private final Executor pool;
    private final int perServer;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

    public RequestLanes(Executor pool, int perServer) {
        if (perServer < 1) {
            throw new IllegalArgumentException("perServer must be at least 1, was " + perServer);
        }
        this.pool = pool;
        this.perServer = perServer;
    }

    /** The lane of the server (scheme, host and port) that {@code uri} points at. */
    public Executor forServer(URI uri) {
        return lanes.computeIfAbsent(uri.getScheme() + "://" + uri.getRawAuthority(), server -> new Lane());
    }

    private final class Lane implements Executor {
        private final Queue<Runnable> waiting = new ArrayDeque<>();
        private int running;

        @Override
        public void execute(Runnable task) {
            synchronized (this) {
                if (running >= perServer) {
                    waiting.add(task);
                    return;
                }
                running++;
            }
            runOnPool(task);
        }

        private void runOnPool(Runnable task) {
            pool.execute(() -> {
                try {
                    task.run();
                } finally {
                    Runnable next;
                    synchronized (this) {
                        next = waiting.poll();
                        if (next == null) {
                            running--;
                        }
                    }
                    if (next != null) {
                        runOnPool(next);
                    }
                }
            });
        }
    }
}
