package io.jenkins.plugins.gitops.core.pr;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Polls one repository's pull requests for every wait on them, one poll at a time: the recently updated list first
 * (following pages while everything on a page is new), then single reads of those the list cannot judge. Requests
 * are spent from a bucket that each wait fills by one request per {@code requestEvery} (and one when it joins), up to
 * one {@code requestEvery}'s worth, so that a poller never spends more than its waits' budget, and the last waits of
 * a busy poller are still answered quickly. Ends when no wait is left.
 */
final class RepoPoller {
    private static final int MOST_PAGES = 5;

    record Watcher(int number, MergeJudge judge, CompletableFuture<MergeOutcome> outcome) {}

    private final PullRequestHost host;
    private final MergeWatch.Settings settings;
    private final ScheduledExecutorService timer;
    private final Executor requests;
    private final Consumer<RepoPoller> whenIdle;

    private final Map<Integer, List<Watcher>> watchers = new HashMap<>();
    /** Numbers a wait joined since the last poll: each is read again, whatever the poller saw of it before. */
    private final Set<Integer> fresh = new HashSet<>();
    private boolean polling;
    private boolean idle;
    private ScheduledFuture<?> next;
    private long lastPollStarted = System.nanoTime() - Duration.ofDays(1).toNanos();
    private long notBefore = System.nanoTime();
    private final RequestBucket bucket;
    private int readsLeft;
    private int blockersPending;

    // touched by the poll only, which never runs twice at once
    private final Map<Integer, String> listedAs = new HashMap<>();
    private final Map<Integer, Long> detailDue = new HashMap<>();
    private final Map<Integer, PullRequest> heldBack = new java.util.LinkedHashMap<>();
    private String etag;
    private Instant watermark;
    private RateBudget lastBudget;
    private volatile Duration pace = Duration.ZERO;

    RepoPoller(PullRequestHost host, MergeWatch.Settings settings, ScheduledExecutorService timer, Executor requests,
            Consumer<RepoPoller> whenIdle) {
        this.host = host;
        this.settings = settings;
        this.timer = timer;
        this.requests = requests;
        this.whenIdle = whenIdle;
        this.bucket = new RequestBucket(settings.requestEvery(), 1 + host.readCost() + host.blockersCost());
    }

    /** Adds a wait; false when this poller has just ended, and a new one is to be made. */
    synchronized boolean join(Watcher watcher) {
        if (idle) return false;
        bucket.accrue(watched());
        watchers.computeIfAbsent(watcher.number(), n -> new ArrayList<>()).add(watcher);
        fresh.add(watcher.number());
        bucket.join(watched());
        if (!polling) schedule();
        return true;
    }

    synchronized void leave(Watcher watcher) {
        bucket.accrue(watched());
        List<Watcher> same = watchers.get(watcher.number());
        if (same != null && same.remove(watcher) && same.isEmpty()) watchers.remove(watcher.number());
        if (watchers.isEmpty() && !polling) end();
    }

    /** Under the lock: how many pull requests are waited on, the rate the bucket fills at. */
    private int watched() {
        return watchers.size();
    }

    /** Under the lock: the next poll, once the bucket holds the list's request (and a read when one waits). */
    private void schedule() {
        long now = System.nanoTime();
        double needed = blockersPending > 0 ? 1 + host.blockersCost() : readsLeft > 0 ? 1 + host.readCost() : 1;
        long refill = bucket.nanosUntil(needed, watched());
        long at = Math.max(Math.max(lastPollStarted + settings.shortestInterval().toNanos(), now + refill),
                Math.max(notBefore, lastPollStarted + pace.toNanos()));
        if (next != null) {
            if (next.getDelay(TimeUnit.NANOSECONDS) <= at - now) return;
            next.cancel(false);
        }
        next = timer.schedule(this::startPoll, Math.max(0, at - now), TimeUnit.NANOSECONDS);
    }

    /** Takes requests from the bucket; returns how many it may still spend after them. */
    private synchronized long spend(int requests) {
        return bucket.spend(requests, watched());
    }

    private void startPoll() {
        synchronized (this) {
            next = null;
            if (watchers.isEmpty()) {
                end();
                return;
            }
            polling = true;
            lastPollStarted = System.nanoTime();
        }
        try {
            requests.execute(this::poll);
        } catch (RejectedExecutionException shutDown) {
            synchronized (this) {
                polling = false;
            }
        }
    }

    private void poll() {
        try {
            pollOnce();
        } finally {
            synchronized (this) {
                polling = false;
                if (watchers.isEmpty()) end();
                else schedule();
            }
        }
    }

    private void end() {
        idle = true;
        if (next != null) next.cancel(false);
        whenIdle.accept(this);
    }

    private void pollOnce() {
        Set<Integer> numbers;
        Set<Integer> joined;
        synchronized (this) {
            numbers = new HashSet<>(watchers.keySet());
            joined = new HashSet<>(fresh);
            fresh.clear();
        }
        listedAs.keySet().retainAll(numbers);
        detailDue.keySet().retainAll(numbers);
        heldBack.keySet().retainAll(numbers);
        joined.forEach(n -> {
            listedAs.remove(n);
            detailDue.remove(n);
        });
        boolean listJudges = host.listShowsMergeability();
        Set<Integer> toRead = new LinkedHashSet<>();
        int made = 0;
        try {
            made += list(numbers, toRead);
        } catch (PullRequestException e) {
            trouble(numbers, e);
            return;
        }
        long now = System.nanoTime();
        for (int number : numbers) {
            if (!listedAs.containsKey(number) || confirming(number)) toRead.add(number);
        }
        if (!listJudges) {
            for (int number : numbers) {
                Long due = detailDue.get(number);
                if (due == null || due - now <= 0) toRead.add(number);
            }
        }
        long reads = spend(0);
        int unread = toRead.size();
        boolean limited = false;
        for (int number : toRead) {
            int cost = host.readCost();
            if (reads < cost) break;
            reads -= cost;
            spend(cost);
            unread--;
            made += cost;
            try {
                PullRequest pr = host.get(number);
                listedAs.putIfAbsent(number, "read");
                detailDue.put(number, System.nanoTime() + settings.detailEvery().toNanos());
                if (!deliver(number, pr, true) && host.blockersCost() > 0 && isHeldBack(pr)) heldBack.put(number, pr);
                else heldBack.remove(number);
            } catch (PullRequestException e) {
                trouble(Set.of(number), e);
                if (e.retryAfter() != null) {
                    limited = true;
                    break;
                }
            }
        }
        if (!limited) made += readBlockers(numbers, reads);
        synchronized (this) {
            readsLeft = unread;
            blockersPending = heldBack.size();
        }
        pace = lastBudget == null ? Duration.ZERO : lastBudget.pace(made, Instant.now());
    }

    /** Reads the list; returns how many requests that took. */
    private int list(Set<Integer> numbers, Set<Integer> toRead) {
        Instant newest = watermark;
        int made = 0;
        for (int page = 1; page <= MOST_PAGES; page++) {
            spend(1);
            made++;
            RecentPulls recent = host.recent(page, page == 1 ? etag : null);
            if (recent.budget() != null) lastBudget = recent.budget();
            if (page == 1) etag = recent.etag();
            if (recent.notModified() || recent.pulls().isEmpty()) break;
            Instant oldest = null;
            for (RecentPulls.Listed listed : recent.pulls()) {
                PullRequest pr = listed.pullRequest();
                if (newest == null || listed.updated().isAfter(newest)) newest = listed.updated();
                oldest = listed.updated();
                if (!numbers.contains(pr.number())) continue;
                String as = listed.updated() + " " + pr.state() + " " + pr.headSha() + " " + pr.mergeable() + " " + pr.mergeState();
                if (as.equals(listedAs.put(pr.number(), as))) continue;
                if (!deliver(pr.number(), pr, host.listShowsMergeability()) && !host.listShowsMergeability()) {
                    toRead.add(pr.number());
                }
            }
            if (!recent.full() || watermark == null || oldest.isBefore(watermark)) break;
        }
        watermark = newest;
        return made;
    }

    private synchronized boolean confirming(int number) {
        return watchers.getOrDefault(number, List.of()).stream().anyMatch(w -> w.judge().conflictToConfirm());
    }

    /** Tells the waits on {@code number}; returns whether they all ended. */
    private boolean deliver(int number, PullRequest pr, boolean mergeabilityRead) {
        List<Watcher> those;
        synchronized (this) {
            those = List.copyOf(watchers.getOrDefault(number, List.of()));
        }
        boolean allEnded = true;
        for (Watcher watcher : those) {
            MergeOutcome outcome = watcher.judge().saw(pr, mergeabilityRead);
            if (outcome != null) watcher.outcome().complete(outcome);
            else allEnded = false;
        }
        return allEnded;
    }

    /** Reads what holds back the pull requests the host said are blocked, as far as the bucket allows. */
    private int readBlockers(Set<Integer> numbers, long reads) {
        int cost = host.blockersCost();
        int made = 0;
        for (var held : List.copyOf(heldBack.entrySet())) {
            if (reads < cost) break;
            spend(cost);
            reads -= cost;
            made += cost;
            heldBack.remove(held.getKey());
            try {
                deliverBlockers(held.getKey(), held.getValue(), host.blockers(held.getValue()));
            } catch (PullRequestException e) {
                trouble(Set.of(held.getKey()), e);
                if (e.retryAfter() != null) break;
            }
        }
        return made;
    }

    /** The host says something keeps it from being merged: a required check or review, or a failed check. */
    private static boolean isHeldBack(PullRequest pr) {
        return "blocked".equals(pr.mergeState()) || "unstable".equals(pr.mergeState());
    }

    private void deliverBlockers(int number, PullRequest pr, Blockers blockers) {
        List<Watcher> those;
        synchronized (this) {
            those = List.copyOf(watchers.getOrDefault(number, List.of()));
        }
        for (Watcher watcher : those) {
            MergeOutcome outcome = watcher.judge().sawBlockers(pr, blockers);
            if (outcome != null) watcher.outcome().complete(outcome);
        }
    }

    /** A failure that passes holds the poller back as long as the host says; any other ends the waits it concerns. */
    private void trouble(Set<Integer> numbers, PullRequestException e) {
        List<Watcher> those = new ArrayList<>();
        synchronized (this) {
            numbers.forEach(n -> those.addAll(watchers.getOrDefault(n, List.of())));
            if (e.retryAfter() != null) {
                long wait = Math.max(e.retryAfter().toNanos(), settings.shortestInterval().toNanos());
                notBefore = System.nanoTime() + wait;
            }
        }
        for (Watcher watcher : those) {
            if (e.retryAfter() == null) {
                watcher.outcome().complete(watcher.judge().failed(e.getMessage()));
            } else {
                long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
                watcher.judge().troubled(e.getMessage() + "; asking again in " + seconds + " s");
            }
        }
    }
}
