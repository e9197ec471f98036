package io.jenkins.plugins.gitops.core.git;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The moment by which a transaction's network work ends, whatever the server does: each read or write after it
 * fails, no socket waits past it, and when it comes the open HTTP connections are closed, which also ends a read or
 * write that was blocked in the middle. A server that drips one byte every few seconds, or stops reading an upload,
 * keeps a socket timeout from ever firing; this does not. Over SSH the same: connecting and opening the channel are
 * bounded by it, and when it comes the command's channel is closed at once, which ends a read or write blocked on it.
 */
final class TransactionDeadline {
    /** No deadline: for work whose caller bounds it otherwise. */
    static final TransactionDeadline NONE = new TransactionDeadline(Long.MAX_VALUE, false);

    private final long at;
    private final boolean bounded;
    private final Set<Runnable> aborts = ConcurrentHashMap.newKeySet();

    private volatile boolean passed;
    private volatile boolean closed;

    private TransactionDeadline(long at, boolean bounded) {
        this.at = at;
        this.bounded = bounded;
    }

    /** A deadline at {@code nanoTime} (a {@link System#nanoTime()} value), armed at once. */
    static TransactionDeadline at(long nanoTime) {
        TransactionDeadline deadline = new TransactionDeadline(nanoTime, true);
        long delay = Math.max(0, nanoTime - System.nanoTime());
        CompletableFuture.delayedExecutor(delay, TimeUnit.NANOSECONDS).execute(deadline::pass);
        return deadline;
    }

    /** Thrown by reads and writes after the deadline; the transaction words it, naming the server and the phase. */
    static final class Passed extends InterruptedIOException {
        private static final long serialVersionUID = 1L;

        Passed() {
            super("the transaction's deadline passed");
        }
    }

    boolean passed() {
        return passed || bounded && System.nanoTime() - at >= 0;
    }

    void check() throws IOException {
        if (passed()) {
            passed = true;
            throw new Passed();
        }
    }

    /** A socket timeout in milliseconds that does not reach past the deadline; 0 (none) only without one. */
    int boundMillis(int timeoutMillis) {
        if (!bounded) return timeoutMillis;
        long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(at - System.nanoTime()));
        long bound = timeoutMillis <= 0 ? left : Math.min(timeoutMillis, left);
        return (int) Math.min(Integer.MAX_VALUE, bound);
    }

    Duration remaining() {
        return Duration.ofNanos(Math.max(0, at - System.nanoTime()));
    }

    /** A timeout in whole seconds (at least 1) that does not reach past the deadline; 0 (none) only without one. */
    int boundSeconds(int timeoutSeconds) {
        if (!bounded) return timeoutSeconds;
        long left = Math.max(1, (long) Math.ceil((at - System.nanoTime()) / 1e9));
        long bound = timeoutSeconds <= 0 ? left : Math.min(timeoutSeconds, left);
        return (int) Math.min(Integer.MAX_VALUE, bound);
    }

    /** Runs {@code abort} (which closes a connection or a channel) when the deadline passes, or now if it has. */
    void watch(Runnable abort) {
        if (!bounded) return;
        aborts.add(abort);
        if (passed()) abort.run();
    }

    private void pass() {
        if (closed) return;
        passed = true;
        aborts.forEach(Runnable::run);
    }

    /** The transaction is over: nothing is left to close. */
    void close() {
        closed = true;
        aborts.clear();
    }
}
