package io.jenkins.plugins.gitops.core.git;

import io.jenkins.plugins.gitops.core.edit.EditException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The commit-and-push of one or more queued requests for one branch, under the branch's turn: each request becomes a
 * commit on the one before it, the last is pushed with a compare-and-swap on the tip they were built on, and a
 * rejected push re-applies them all on the new tip. Every request is answered: its own commit, the commit that already
 * held its values, or its own failure.
 */
final class BranchTransaction {

    private final Path cacheRoot;
    private final BranchCache cache;
    private final Connection connection;
    private final String branch;
    private final Sleeper sleeper;
    private final Backoff backoff;
    private final List<QueuedCommit> live;
    private final TransactionListener all;
    private boolean landed;
    private String phase = "fetch";
    private long started;
    private boolean someFailed;
    /** After the server refused a group for a reason of its own: one new commit per push, so it refuses one only. */
    private boolean oneAtATime;
    private boolean ownBranch;

    BranchTransaction(Path cacheRoot, Connection connection, String branch, List<QueuedCommit> group, Sleeper sleeper,
            Backoff backoff) {
        this.cacheRoot = cacheRoot;
        this.connection = connection;
        this.branch = branch;
        this.sleeper = sleeper;
        this.backoff = backoff;
        this.live = new ArrayList<>(group);
        this.all = line -> live.forEach(m -> m.log.info(line));
        this.cache = new BranchCache(cacheRoot, group.get(0).request.url(), connection, branch, all);
    }

    /**
     * One cache per repository and branch: in this JVM the branch queue already gives the transaction the cache to
     * itself, and a file lock does the same across processes (several CLI runs, or agents sharing a home).
     */
    void run() {
        Path lockFile = cache.lockFile();
        try {
            Files.createDirectories(cacheRoot);
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                runLocked();
            }
        } catch (IOException e) {
            failAll(new GitopsException("Cannot lock the cache " + lockFile + ": " + e.getMessage(), e));
        } catch (RuntimeException e) {
            failAll(e);
        }
    }

    private void failAll(RuntimeException e) {
        live.forEach(m -> m.fail(e));
        live.clear();
    }

    private void runLocked() {
        started = System.nanoTime();
        connection.endBy(live.get(0).deadline);
        Repository repo = cache.open();
        cache.rememberChallenge();
        try {
            if (live.size() == 1 && live.get(0).request.ownBranch() && !live.get(0).request.dryRun()) {
                ownBranch = true;
                QueuedCommit m = live.get(0);
                try {
                    m.succeed(new OwnBranch(cache, connection, branch, sleeper, backoff).land(repo, m));
                    landed = true;
                } catch (EditException | IllegalArgumentException e) {
                    someFailed = true;
                    m.fail(e);
                }
                live.clear();
            } else {
                attempts(repo);
            }
            cache.noteChallenge();
            if (someFailed && !landed) {
                repo.close();
                cache.reset();
            }
        } catch (RuntimeException | IOException e) {
            repo.close();
            cache.reset();
            if (connection.deadlinePassed()) {
                throw new GitopsException("Gave up on " + connection.shownUrl + " " + branch + " after "
                        + Math.round((System.nanoTime() - started) / 1e9) + " s: the " + phase + " did not finish by the"
                        + " commit's deadline (the server stopped answering, or answered too slowly); nothing was"
                        + " pushed", e);
            }
            if (e instanceof GitopsException g) throw g;
            throw new GitopsException("Commit to " + connection.shownUrl + " " + branch + " failed: "
                    + connection.clean(String.valueOf(e.getMessage())), e);
        } finally {
            repo.close();
            if (ownBranch) forgetOwnBranchCache();
        }
    }

    /** A branch of one change is made once or a few times: its cache would only pile up, one per change. */
    private void forgetOwnBranchCache() {
        try {
            Connection.deleteTree(cache.cacheDir);
        } catch (RuntimeException e) {
            all.info("Could not remove the cache of " + branch + " (" + e.getMessage() + "); it is made again when needed");
        }
    }

    private boolean keyed() {
        return live.stream().map(m -> m.request.idempotencyKey()).anyMatch(k -> k != null && !k.isBlank());
    }

    private boolean dryRun() {
        return live.size() == 1 && live.get(0).request.dryRun();
    }

    /**
     * Tries until a push lands. When the cache already holds the branch (the previous commit through this cache
     * fetched or pushed it), the first try builds on that tip without fetching: the push's compare-and-swap checks
     * that it is still the tip, which is the common case for commits queued one after another in one JVM, and
     * saves a round trip to the server. If the branch moved, or a request would end without a push (nothing to
     * commit, change already present, changes that do not apply), the branch is fetched and the try starts over, not
     * counted.
     */
    private void attempts(Repository repo) throws IOException {
        ObjectId cached = cache.fresh() || dryRun() ? null : repo.resolve(cache.trackingRef);
        int attempt = 0;
        while (!live.isEmpty()) {
            attempt++;
            boolean fromCache = cached != null;
            try (RevWalk walk = new RevWalk(repo); ObjectInserter inserter = repo.newObjectInserter()) {
                RevCommit tip;
                ObjectId expected;
                if (fromCache) {
                    tip = walk.parseCommit(cached);
                    expected = tip;
                    all.info("Building on " + branch + " at " + abbrev(tip) + " from the cache; the push checks that it is still the tip");
                } else {
                    int depth = attempt == 1 && cache.fresh() && live.get(0).request.transport().shallow()
                            ? BranchCache.firstDepth(keyed()) : 0;
                    phase = "fetch";
                    ObjectId fetched = cache.fetch(repo, branch, cache.trackingRef, depth);
                    if (fetched != null) {
                        tip = walk.parseCommit(fetched);
                        expected = tip;
                        all.info("Fetched " + connection.shownUrl + " " + branch + " at " + abbrev(tip));
                    } else {
                        ObjectId start = cache.fetchStart(repo, live.get(0).request.startFrom(), depth);
                        tip = start == null ? null : walk.parseCommit(start);
                        expected = ObjectId.zeroId();
                    }
                }
                boolean creating = expected.equals(ObjectId.zeroId());
                Map<QueuedCommit, QueuedCommit.Step> steps = build(repo, walk, inserter, tip, creating);
                if (fromCache && steps.values().stream().anyMatch(s -> !(s instanceof QueuedCommit.Built))) {
                    // Only a push is checked against the remote: confirm any other conclusion on a fetched tip.
                    cached = null;
                    attempt--;
                    continue;
                }
                for (QueuedCommit m : live) {
                    if (m.firstBase == null) m.firstBase = tip;
                }
                ObjectId last = settleWithoutPush(steps, tip, creating, attempt);
                if (live.isEmpty()) return;
                ObjectId target = last != null ? last : tip;
                inserter.flush();
                String rejection;
                try {
                    rejection = push(repo, steps, target, expected, attempt);
                } catch (LeasePush.Refused refused) {
                    if (!refusedAlone(steps, refused)) {
                        all.info("The server refused the queue's commits in one push; pushing them one at a time, so"
                                + " that only a commit it refuses fails");
                    }
                    if (live.isEmpty()) return;
                    cached = fromCache ? cached : tip;
                    attempt--;
                    continue;
                }
                if (rejection == null) {
                    landed = true;
                    cache.updateTracking(repo, target);
                    answerPushed(steps, target, creating, attempt);
                    if (live.isEmpty()) return;
                    // one commit at a time: the next one's attempts are its own
                    cached = target;
                    attempt = 0;
                    continue;
                }
                if (fromCache) {
                    all.info("The branch moved since the cache last saw it (" + rejection + "); fetching it");
                    cached = null;
                    attempt--;
                    continue;
                }
                Duration delay = backoff.delay(attempt);
                for (QueuedCommit m : List.copyOf(live)) {
                    if (attempt >= m.request.maxAttempts() || remaining(m.deadline).compareTo(delay) <= 0) {
                        someFailed = true;
                        m.fail(new GitopsException("Gave up pushing to " + connection.shownUrl + " " + branch + " after "
                                + attempt + " attempt(s): the branch kept moving (" + rejection + ")"));
                        live.remove(m);
                    } else if (steps.get(m) instanceof QueuedCommit.Built b && tip != null) {
                        m.previousTip = tip;
                        m.previousParent = b.parent();
                        m.previous = b.workspace();
                    }
                }
                if (!live.isEmpty()) {
                    all.info("Push rejected (" + rejection + "): the branch moved; retrying in " + delay.toMillis()
                            + " ms on the new tip");
                    sleeper.pauseBeforeRetry(delay, connection.shownUrl);
                }
            }
        }
    }

    /**
     * After the server refused a push for a reason of its own: a push of one new commit fails that commit's caller
     * (true); a push of several makes the transaction push one commit at a time from now on (false), so that the
     * server's refusal of one fails that one only.
     */
    private boolean refusedAlone(Map<QueuedCommit, QueuedCommit.Step> steps, LeasePush.Refused refused) {
        List<QueuedCommit> built = live.stream().filter(m -> steps.get(m) instanceof QueuedCommit.Built).toList();
        if (built.size() > 1 && !oneAtATime) {
            oneAtATime = true;
            return false;
        }
        for (QueuedCommit m : built) {
            someFailed = true;
            m.fail(refused);
            live.remove(m);
        }
        return true;
    }

    /** Builds each live request on the one before it, in queue order; one new commit only, one at a time. */
    private Map<QueuedCommit, QueuedCommit.Step> build(Repository repo, RevWalk walk, ObjectInserter inserter,
            RevCommit tip, boolean creating) throws IOException {
        Map<QueuedCommit, QueuedCommit.Step> steps = new LinkedHashMap<>();
        Map<String, ObjectId> keys = new HashMap<>();
        RevCommit parent = tip;
        ObjectId parentTree = tip != null ? tip.getTree() : emptyTree(inserter);
        for (QueuedCommit m : live) {
            if (oneAtATime && steps.values().stream().anyMatch(s -> s instanceof QueuedCommit.Built)) break;
            QueuedCommit.Step step = m.build(repo, walk, inserter, creating ? null : tip, parent, parentTree,
                    (t, k, stop) -> cache.findOwnCommit(repo, t, k, stop), keys);
            steps.put(m, step);
            if (step instanceof QueuedCommit.Built b) {
                if (m.previous != null && tip != null) {
                    Overwrites.warn(m, walk, tip, b);
                }
                inserter.flush();
                parent = walk.parseCommit(b.commit());
                parentTree = b.tree();
                String key = m.request.idempotencyKey();
                if (key != null && !key.isBlank()) keys.put(key, b.commit());
            }
        }
        return steps;
    }

    /**
     * Answers the requests that need no push of theirs (failed, already present, dry run, nothing to commit without
     * a group commit to ride on) and removes them; returns the last new commit, or null.
     */
    private ObjectId settleWithoutPush(Map<QueuedCommit, QueuedCommit.Step> steps, RevCommit tip, boolean creating,
            int attempt) {
        ObjectId last = null;
        for (QueuedCommit.Step s : steps.values()) {
            if (s instanceof QueuedCommit.Built b) last = b.commit();
        }
        boolean pushing = last != null || (creating && tip != null);
        for (Map.Entry<QueuedCommit, QueuedCommit.Step> e : steps.entrySet()) {
            QueuedCommit m = e.getKey();
            QueuedCommit.Step step = e.getValue();
            if (step instanceof QueuedCommit.Failed f) {
                someFailed = true;
                m.fail(f.error());
            } else if (step instanceof QueuedCommit.Earlier earlier && !isNew(steps, earlier.commit())) {
                alreadyPresent(m, earlier, attempt - 1);
            } else if (step instanceof QueuedCommit.Dry d) {
                m.log.info("Dry run: would commit " + d.diff().files().size() + " file(s)"
                        + (tip == null ? " as the first commit" : " on " + abbrev(tip)) + "; nothing pushed");
                m.succeed(new CommitResult((tip == null ? ObjectId.zeroId() : tip).name(), true, connection.shownUrl,
                        branch, d.diff().files(), 0, d.diff().text(), true, false, m.warnings));
            } else if (step instanceof QueuedCommit.Covered c && !pushing) {
                m.log.info("Nothing to commit: " + branch + " already has these values at " + abbrev(c.parent()));
                m.succeed(result(m, c.parent(), false, List.of(), attempt - 1, ""));
            } else {
                continue;
            }
            live.remove(m);
        }
        return last;
    }

    private static boolean isNew(Map<QueuedCommit, QueuedCommit.Step> steps, ObjectId commit) {
        return steps.values().stream().anyMatch(s -> s instanceof QueuedCommit.Built b && b.commit().equals(commit));
    }

    private String push(Repository repo, Map<QueuedCommit, QueuedCommit.Step> steps, ObjectId target, ObjectId expected,
            int attempt) {
        int commits = 0;
        for (QueuedCommit m : live) {
            QueuedCommit.Step s = steps.get(m);
            if (s instanceof QueuedCommit.Built b) {
                commits++;
                m.log.info("Committed " + abbrev(b.commit())
                        + (b.parent() == null ? " as the first commit" : " on " + abbrev(b.parent()))
                        + " (" + b.diff().files().size() + " file(s))");
                m.log.beforePush(attempt, b.commit().name());
            }
        }
        for (QueuedCommit m : live) {
            m.log.info("Push attempt " + attempt + " of " + m.request.maxAttempts() + " to " + connection.shownUrl + " "
                    + branch + (commits > 1 ? " (" + commits + " queued commits in one push)" : ""));
        }
        phase = "push";
        return new LeasePush(connection, sleeper).push(repo, branch, target, expected);
    }

    private void answerPushed(Map<QueuedCommit, QueuedCommit.Step> steps, ObjectId target, boolean creating, int attempt) {
        for (QueuedCommit m : List.copyOf(live)) {
            QueuedCommit.Step step = steps.get(m);
            if (step == null) continue;
            if (step instanceof QueuedCommit.Built b) {
                m.log.info("Pushed " + b.commit().name() + " to " + connection.shownUrl + " " + branch);
                m.succeed(new CommitResult(b.commit().name(), true, connection.shownUrl, branch, b.diff().files(), attempt,
                        b.diff().text(), false, false, m.warnings, b.replaced()));
            } else if (step instanceof QueuedCommit.Covered c) {
                if (creating && c.parent().equals(target)) {
                    m.log.info("Created " + branch + " at " + abbrev(target) + "; it already has these values");
                } else {
                    m.log.info("Nothing to commit: " + branch + " has these values at " + abbrev(c.parent())
                            + ", pushed with the queue's commits");
                }
                m.succeed(result(m, c.parent(), false, List.of(), attempt, ""));
            } else if (step instanceof QueuedCommit.Earlier e) {
                alreadyPresent(m, e, attempt);
            } else {
                throw new IllegalStateException("No answer for " + step);
            }
            live.remove(m);
        }
    }

    private void alreadyPresent(QueuedCommit m, QueuedCommit.Earlier earlier, int attempts) {
        String key = m.request.idempotencyKey();
        if (earlier.noop()) {
            m.log.info("Already on " + branch + ": " + earlier.commit().name() + " carries " + CommitMessage.CHANGE_ID
                    + " " + key + "; not committing again");
        } else {
            m.warn(earlier.commit().name() + " already carries " + CommitMessage.CHANGE_ID + " " + key
                    + ", but later commits changed these files; not committing again");
        }
        m.succeed(new CommitResult(earlier.commit().name(), true, connection.shownUrl, branch, List.of(), attempts, "",
                false, true, m.warnings));
    }

    private CommitResult result(QueuedCommit m, ObjectId commit, boolean changed, List<String> files, int attempts,
            String diff) {
        return new CommitResult(commit.name(), changed, connection.shownUrl, branch, files, attempts, diff, false, false,
                m.warnings);
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }


    private ObjectId emptyTree(ObjectInserter inserter) throws IOException {
        ObjectId empty = inserter.insert(new org.eclipse.jgit.lib.TreeFormatter());
        inserter.flush();
        return empty;
    }

    static String abbrev(ObjectId id) {
        return id.name().substring(0, 12);
    }
}
