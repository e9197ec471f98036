package io.jenkins.plugins.gitops.core.wait;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * One "look at the repository now" request (an Argo CD refresh, a Flux reconcile request) shared by the waits on one
 * target. A wait needs a request sent after it asked, since only that one is sure to see its commit: one in flight
 * that was sent later serves it; otherwise it joins the next one, sent as soon as the current one ends. So ten waits
 * that start together on one application cost the reconciler two refreshes instead of ten.
 */
public final class SharedRequest<T> {

    private final Supplier<CompletableFuture<T>> call;
    private CompletableFuture<T> inFlight;
    private long inFlightSentAt;
    private CompletableFuture<T> next;

    public SharedRequest(Supplier<CompletableFuture<T>> call) {
        this.call = call;
    }

    /** A request sent at or after {@code askedAt} (a {@link System#nanoTime()} value), and its answer. */
    public synchronized CompletableFuture<T> sentAfter(long askedAt) {
        if (inFlight == null) {
            return send(new CompletableFuture<>());
        }
        if (inFlightSentAt - askedAt >= 0) {
            return inFlight;
        }
        if (next == null) {
            next = new CompletableFuture<>();
        }
        return next;
    }

    private CompletableFuture<T> send(CompletableFuture<T> answer) {
        inFlight = answer;
        inFlightSentAt = System.nanoTime();
        CompletableFuture<T> sent;
        try {
            sent = call.get();
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((value, error) -> {
            ended();
            if (error != null) {
                answer.completeExceptionally(error);
            } else {
                answer.complete(value);
            }
        });
        return answer;
    }

    private synchronized void ended() {
        inFlight = null;
        if (next != null) {
            CompletableFuture<T> waiting = next;
            next = null;
            send(waiting);
        }
    }
}
