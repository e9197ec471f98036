package io.jenkins.plugins.gitops.core.git;

import io.jenkins.plugins.gitops.core.change.ChangeApplier;
import io.jenkins.plugins.gitops.core.change.Replaced;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * One caller's request in the branch queue. Whoever holds the branch's turn may take it and land it in one push with
 * its own (a group commit): the request stays its own commit, with its own message, trailers, idempotency key, log,
 * deadline and attempt limit, and a failure of its changes fails only its caller.
 */
final class QueuedCommit {
    private static final int WAITING = 0;
    private static final int TAKEN = 1;
    private static final int WITHDRAWN = 2;

    final CommitRequest request;
    final TransactionListener log;
    final long deadline;
    private final java.nio.file.Path cacheRoot;
    final List<String> warnings = new ArrayList<>();
    private final AtomicInteger state = new AtomicInteger(WAITING);
    private final CompletableFuture<CommitResult> outcome = new CompletableFuture<>();

    /** The first remote tip this request was applied on: the idempotency key is looked for only before it. */
    RevCommit firstBase;
    /**
     * The remote tip of the last rejected attempt, the commit this request was built on then (that tip, or a commit of
     * the group before it) and what it wrote there: for the overwrite warnings on the next attempt.
     */
    RevCommit previousTip;
    RevCommit previousParent;
    TreeWorkspace previous;

    QueuedCommit(CommitRequest request, TransactionListener log, long deadline, java.nio.file.Path cacheRoot) {
        this.request = request;
        this.cacheRoot = cacheRoot;
        this.log = log;
        this.deadline = deadline;
    }

    /** What building this request on a parent commit came to. */
    sealed interface Step {}

    /** A new commit, not yet pushed. */
    record Built(ObjectId commit, ObjectId tree, RevCommit parent, TreeWorkspace workspace, GitopsCommitter.Diff diff,
            List<Replaced> replaced) implements Step {}

    /** The parent already holds these values: the caller's answer is the parent, once it is on the branch. */
    record Covered(RevCommit parent) implements Step {}

    /** A commit on the branch (or earlier in this group) already carries the idempotency key. */
    record Earlier(ObjectId commit, boolean noop) implements Step {}

    /** The changes cannot be applied; this caller fails with this. */
    record Failed(RuntimeException error) implements Step {}

    /** A dry run: what the commit would change. */
    record Dry(GitopsCommitter.Diff diff) implements Step {}

    boolean take() {
        return state.compareAndSet(WAITING, TAKEN);
    }

    boolean withdraw() {
        return state.compareAndSet(WAITING, WITHDRAWN);
    }

    /** Whether this request can share a push with {@code leader}'s: same connection and cache, no dry run. */
    boolean canJoin(QueuedCommit leader) {
        CommitRequest a = request;
        CommitRequest b = leader.request;
        return !a.dryRun() && !b.dryRun() && !a.ownBranch() && !b.ownBranch() && cacheRoot.equals(leader.cacheRoot)
                && a.url().equals(b.url()) && a.credentials().equals(b.credentials())
                && a.transport().equals(b.transport()) && Objects.equals(a.startFrom(), b.startFrom());
    }

    boolean done() {
        return outcome.isDone();
    }

    void succeed(CommitResult result) {
        outcome.complete(result);
    }

    void fail(RuntimeException error) {
        outcome.completeExceptionally(error);
    }

    /**
     * The caller's result, waiting for the leader that took this request: until this request's deadline, and the
     * short look at the branch that a push cut by the deadline gets.
     */
    CommitResult result(String shownBranch) {
        long wait = Math.max(0, deadline - System.nanoTime()) + LeasePush.LOOK_AFTER_DEADLINE.toNanos()
                + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        try {
            return outcome.get(wait, java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new GitopsException("Gave up waiting for the push that was to land this commit on " + shownBranch
                    + ": it did not finish by the deadline; the commit may still land with it");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitopsException("Interrupted while another push of the queue landed this commit", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new GitopsException(String.valueOf(e.getCause().getMessage()), e.getCause());
        }
    }

    /**
     * Applies the changes on {@code parent} (the remote {@code tip}, or the commit of the request before this one in
     * the group; null in an empty repository).
     *
     * @param earlierInGroup commits of this attempt's group so far, by idempotency key
     */
    Step build(Repository repo, RevWalk walk, ObjectInserter inserter, RevCommit tip, RevCommit parent,
            ObjectId parentTree, IdempotencyLookup lookup, java.util.Map<String, ObjectId> earlierInGroup)
            throws IOException {
        String key = request.idempotencyKey();
        boolean keyed = key != null && !key.isBlank();
        ObjectId earlier = keyed ? earlierInGroup.get(key) : null;
        if (earlier == null && keyed && tip != null) {
            RevCommit found = lookup.find(tip, key, firstBase);
            earlier = found;
        }
        TreeWorkspace workspace = new TreeWorkspace(walk.getObjectReader(), parentTree);
        Set<String> touched;
        try {
            touched = ChangeApplier.apply(request.changes(), workspace, line -> {
                if (!warnings.contains(line)) warn(line);
            });
        } catch (RuntimeException e) {
            // Whatever one caller's changes do, they fail that caller only.
            return new Failed(e);
        }
        log.info("Applied " + request.changes().size() + " change(s) to " + touched.size() + " file(s)");
        ObjectId tree = workspace.writeTree(inserter);
        boolean noop = tree.equals(parentTree);
        if (earlier != null) return new Earlier(earlier, noop);
        if (noop) {
            if (parent == null) {
                return new Failed(new GitopsException("Nothing to commit to the empty repository "
                        + Urls.redact(request.url()) + ": the changes leave it empty"));
            }
            return new Covered(parent);
        }
        GitopsCommitter.Diff diff = GitopsCommitter.diff(repo, parentTree, tree);
        if (request.dryRun()) return new Dry(diff);
        List<Replaced> replaced = Replaced.record(request.changes(), new TreeWorkspace(walk.getObjectReader(), parentTree),
                workspace);
        ObjectId commit = inserter.insert(commitOn(parent, tree, CommitMessage.of(request, replaced)));
        return new Built(commit, tree, parent, workspace, diff, replaced);
    }

    private CommitBuilder commitOn(RevCommit parent, ObjectId tree, String message) {
        CommitBuilder b = new CommitBuilder();
        b.setTreeId(tree);
        if (parent != null) b.setParentId(parent);
        b.setAuthor(new PersonIdent(request.author().name(), request.author().email()));
        b.setCommitter(new PersonIdent(request.committer().name(), request.committer().email()));
        b.setMessage(message);
        if (request.signer() != null) request.signer().signInto(b);
        return b;
    }

    void warn(String line) {
        warnings.add(line);
        log.warning(line);
    }

    /** Finds a commit carrying an idempotency key on the branch, looking back from a tip. */
    interface IdempotencyLookup {
        RevCommit find(RevCommit tip, String key, RevCommit stopAt) throws IOException;
    }
}
