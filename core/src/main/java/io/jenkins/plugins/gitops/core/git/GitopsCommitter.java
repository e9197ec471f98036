package io.jenkins.plugins.gitops.core.git;

import io.jenkins.plugins.gitops.core.change.ChangeApplier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;

/**
 * Commits declarative changes to a branch of a remote repository and pushes them, safely under concurrency: a bare
 * cache per repository is fetched (shallow when new), the changes are applied in the object database without a
 * checkout, the commit is pushed with a compare-and-swap on the branch tip, and a rejected push is retried by applying
 * the same changes again on the new tip. Requests queued for the same branch in this JVM land together: each its own
 * commit, all in one push. On failure nothing is pushed and the cache is reset.
 */
public final class GitopsCommitter {
    /** At most this many requests share a push, so that one push stays a bounded piece of work. */
    static final int MAX_GROUP = 32;
    private static final int MAX_DIFF_CHARS = 64 * 1024;

    private final Path cacheRoot;
    private final Sleeper sleeper;
    private final Backoff backoff;

    /** @param cacheRoot folder for the bare repository caches; created when missing */
    public GitopsCommitter(Path cacheRoot) {
        this(cacheRoot, Sleeper.SYSTEM, Backoff.DEFAULT);
    }

    public GitopsCommitter(Path cacheRoot, Sleeper sleeper, Backoff backoff) {
        this.cacheRoot = cacheRoot;
        this.sleeper = sleeper;
        this.backoff = backoff;
    }

    /** Runs one transaction; throws {@link GitopsException} with a one-line message when it cannot be done. */
    public CommitResult commit(CommitRequest request, TransactionListener log) {
        Urls.checkAllowed(request.url());
        long deadline = System.nanoTime() + request.maxDuration().toNanos();
        request.changes().forEach(ChangeApplier::targets);
        if (request.signer() != null) request.signer().checkCommitter(request.committer());
        try (Connection connection = Connection.open(request.url(), request.credentials(), request.transport())) {
            connection.endBy(deadline);
            String branch = request.branch() != null ? request.branch() : defaultBranch(connection);
            if (!Repository.isValidRefName(Constants.R_HEADS + branch)) {
                throw new GitopsException("Not a valid branch name: " + branch);
            }
            String key = BranchQueue.key(request.url(), branch);
            String shown = connection.shownUrl + " " + branch;
            QueuedCommit me = new QueuedCommit(request, log, deadline, cacheRoot);
            Queue<QueuedCommit> waiting = BranchQueue.waiting(key);
            waiting.add(me);
            BranchQueue.Turn turn;
            try {
                // The lock is fair: a request waits its place in line, even one that another push answers meanwhile.
                turn = BranchQueue.awaitKey(key, shown, request.owner(), remaining(deadline), log);
            } catch (RuntimeException e) {
                if (me.withdraw()) {
                    waiting.remove(me);
                    throw e;
                }
                return me.result(shown);
            }
            try (turn) {
                if (me.take()) {
                    waiting.remove(me);
                    List<QueuedCommit> group = new ArrayList<>(List.of(me));
                    try {
                        group = group(me, waiting);
                        new BranchTransaction(cacheRoot, connection, branch, group, sleeper, backoff).run();
                    } finally {
                        for (QueuedCommit m : group) {
                            if (!m.done()) m.fail(new GitopsException("The push that was to land this commit on "
                                    + shown + " stopped without an answer"));
                        }
                    }
                }
                return me.result(shown);
            }
        }
    }

    /**
     * The leader and the requests waiting behind it that can share its push, in queue order; each is told whose
     * push lands it.
     */
    private static List<QueuedCommit> group(QueuedCommit leader, Queue<QueuedCommit> waiting) {
        List<QueuedCommit> group = new ArrayList<>();
        group.add(leader);
        if (leader.request.dryRun()) return group;
        for (QueuedCommit m : waiting) {
            if (group.size() >= MAX_GROUP) break;
            // The leader's deadline bounds the push: a request that must end sooner takes its own turn.
            if (m.canJoin(leader) && m.deadline - leader.deadline >= 0 && m.take()) {
                waiting.remove(m);
                group.add(m);
                m.log.info("Landing with the push of " + leader.request.owner() + ", as one of the queued commits");
            }
        }
        return group;
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    static String defaultBranch(Connection connection) {
        Ref head = RemoteRefs.advertised(connection).get(Constants.HEAD);
        if (head != null && head.isSymbolic() && head.getTarget().getName().startsWith(Constants.R_HEADS)) {
            return head.getTarget().getName().substring(Constants.R_HEADS.length());
        }
        throw new GitopsException("Cannot tell the default branch of " + connection.shownUrl + "; name the branch");
    }

    record Diff(List<String> files, String text) {}

    static Diff diff(Repository repo, ObjectId oldTree, ObjectId newTree) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DiffFormatter formatter = new DiffFormatter(out)) {
            formatter.setRepository(repo);
            List<DiffEntry> entries = formatter.scan(oldTree, newTree);
            Set<String> files = new TreeSet<>();
            for (DiffEntry e : entries) {
                files.add(e.getChangeType() == DiffEntry.ChangeType.DELETE ? e.getOldPath() : e.getNewPath());
            }
            formatter.format(entries);
            formatter.flush();
            String text = out.toString(StandardCharsets.UTF_8);
            if (text.length() > MAX_DIFF_CHARS) text = text.substring(0, MAX_DIFF_CHARS) + "\n... (diff truncated)\n";
            return new Diff(List.copyOf(files), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
