package io.jenkins.plugins.gitops.core.git;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Makes pushes to one branch from one JVM (a Jenkins controller) take turns, first come first served, so that they do
 * not race each other; requests waiting for a turn may be landed by the push of the one that holds it (a group
 * commit). This is the only JVM-wide mutable state of the engine.
 */
public final class BranchQueue {
    private static final ConcurrentHashMap<String, Slot> SLOTS = new ConcurrentHashMap<>();

    private static final class Slot {
        final ReentrantLock lock = new ReentrantLock(true);
        volatile String owner;
        final Queue<QueuedCommit> waiting = new ConcurrentLinkedQueue<>();
    }

    /** A turn in the queue; closing it lets the next one in. */
    public interface Turn extends AutoCloseable {
        @Override
        void close();
    }

    private BranchQueue() {}

    /**
     * Waits for the turn of {@code url} and {@code branch} (null: the remote's default branch), for callers that must
     * hold the turn around more than one transaction, such as a Jenkins controller whose agents do the git work. The
     * turn is reentrant: a transaction of the same thread does not wait for it again.
     */
    public static Turn await(String url, String branch, String owner, Duration timeout, TransactionListener log) {
        String shown = Urls.redact(url) + " " + (branch == null ? "(default branch)" : branch);
        return awaitKey(key(url, branch), shown, owner, timeout, log);
    }

    static String key(String url, String branch) {
        return Urls.normalize(url) + "#" + (branch == null ? "" : branch);
    }

    /** The requests waiting for the turn of {@code key}, in the order they came. */
    static Queue<QueuedCommit> waiting(String key) {
        return SLOTS.computeIfAbsent(key, k -> new Slot()).waiting;
    }

    static Turn awaitKey(String key, String shownKey, String owner, Duration timeout, TransactionListener log) {
        Slot slot = SLOTS.computeIfAbsent(key, k -> new Slot());
        try {
            if (!slot.lock.tryLock(0, TimeUnit.NANOSECONDS)) {
                String current = slot.owner;
                log.info("Queued behind " + (current == null ? "another push" : current) + " for " + shownKey);
                if (!slot.lock.tryLock(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS)) {
                    throw new GitopsException("Timed out after " + Math.round(timeout.toMillis() / 1000.0) + " s waiting for the push queue of "
                            + shownKey + " (held by " + slot.owner + ")");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitopsException("Interrupted while waiting for the push queue of " + shownKey, e);
        }
        slot.owner = owner;
        return () -> {
            slot.owner = null;
            slot.lock.unlock();
        };
    }
}
