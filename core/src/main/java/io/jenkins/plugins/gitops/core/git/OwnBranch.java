package io.jenkins.plugins.gitops.core.git;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * A branch that belongs to one change, such as a pull request's: it is the base branch's tip plus the change's one
 * commit. When the base moved, the change is applied again on its new tip (never a textual rebase) and the branch
 * is moved there with a lease on its tip; when the branch's tip is not our commit (someone pushed to it), it is not
 * touched and the caller is told whose commit is there.
 */
final class OwnBranch {
    private final BranchCache cache;
    private final Connection connection;
    private final String branch;
    private final Sleeper sleeper;
    private final Backoff backoff;

    OwnBranch(BranchCache cache, Connection connection, String branch, Sleeper sleeper, Backoff backoff) {
        this.cache = cache;
        this.connection = connection;
        this.branch = branch;
        this.sleeper = sleeper;
        this.backoff = backoff;
    }

    CommitResult land(Repository repo, QueuedCommit m) throws IOException {
        String base = m.request.startFrom();
        if (base == null) throw new GitopsException("A branch of our own needs the branch it is made from");
        String key = m.request.idempotencyKey();
        for (int attempt = 1; ; attempt++) {
            try (RevWalk walk = new RevWalk(repo); ObjectInserter inserter = repo.newObjectInserter()) {
                ObjectId ours = cache.fetch(repo, branch, cache.trackingRef, 2);
                ObjectId baseId = cache.fetch(repo, base, "refs/remotes/origin/" + base, 1);
                if (baseId == null) {
                    throw new GitopsException("Branch " + base + " does not exist on " + connection.shownUrl
                            + ", so " + branch + " cannot be made from it");
                }
                RevCommit baseTip = walk.parseCommit(baseId);
                RevCommit tip = ours == null ? null : walk.parseCommit(ours);
                if (tip != null) {
                    walk.parseBody(tip);
                    if (key == null || !tip.getFooterLines(CommitMessage.CHANGE_ID).contains(key)) {
                        throw new GitopsException("Branch " + branch + " of " + connection.shownUrl + " has "
                                + tip.name().substring(0, 12) + " (" + tip.getShortMessage() + ") at its tip, which is not"
                                + " ours (no " + CommitMessage.CHANGE_ID + " " + key + "): someone else pushed to it,"
                                + " and it is not overwritten");
                    }
                    if (tip.getParentCount() == 1 && tip.getParent(0).equals(baseTip)) {
                        m.log.info(branch + " is already our commit " + tip.name().substring(0, 12) + " on " + base + " at "
                                + baseTip.name().substring(0, 12));
                        return new CommitResult(tip.name(), true, connection.shownUrl, branch, List.of(), 0, "", false,
                                true, m.warnings);
                    }
                }
                QueuedCommit.Step step = m.build(repo, walk, inserter, null, baseTip, baseTip.getTree(),
                        (t, k, stop) -> null, Map.of());
                if (step instanceof QueuedCommit.Failed f) throw f.error();
                if (step instanceof QueuedCommit.Covered) {
                    m.log.info(base + " already has these values at " + baseTip.name().substring(0, 12)
                            + "; nothing to commit");
                    return new CommitResult(baseTip.name(), false, connection.shownUrl, branch, List.of(), 0, "", false,
                            false, m.warnings);
                }
                QueuedCommit.Built built = (QueuedCommit.Built) step;
                inserter.flush();
                if (tip != null) {
                    m.warn(base + " moved since " + branch + " was made: our change was applied again on "
                            + baseTip.name().substring(0, 12) + " and " + branch + " moved there from "
                            + tip.name().substring(0, 12));
                }
                m.log.info("Push attempt " + attempt + " of " + m.request.maxAttempts() + " to " + connection.shownUrl
                        + " " + branch + (tip == null ? " (new)" : " (made again on " + base + ")"));
                String rejection = new LeasePush(connection, sleeper).push(repo, branch, built.commit(),
                        tip == null ? ObjectId.zeroId() : tip, tip != null);
                if (rejection == null) {
                    cache.updateTracking(repo, built.commit());
                    m.log.info("Pushed " + built.commit().name() + " to " + connection.shownUrl + " " + branch);
                    return new CommitResult(built.commit().name(), true, connection.shownUrl, branch,
                            built.diff().files(), attempt, built.diff().text(), false, false, m.warnings,
                            built.replaced());
                }
                Duration delay = backoff.delay(attempt);
                if (attempt >= m.request.maxAttempts()) {
                    throw new GitopsException("Gave up pushing to " + connection.shownUrl + " " + branch + " after "
                            + attempt + " attempt(s): the branch kept moving (" + rejection + ")");
                }
                m.log.info("Push rejected (" + rejection + "): " + branch + " moved; looking again in "
                        + delay.toMillis() + " ms");
                sleeper.pauseBeforeRetry(delay, connection.shownUrl);
            }
        }
    }
}
