package io.jenkins.plugins.gitops.core.revert;

import io.jenkins.plugins.gitops.core.change.Replaced;
import io.jenkins.plugins.gitops.core.change.Undo;
import io.jenkins.plugins.gitops.core.git.BranchMirror;
import io.jenkins.plugins.gitops.core.git.CommitRequest;
import io.jenkins.plugins.gitops.core.git.CommitResult;
import io.jenkins.plugins.gitops.core.git.GitopsCommitter;
import io.jenkins.plugins.gitops.core.git.GitopsException;
import io.jenkins.plugins.gitops.core.git.TransactionListener;
import io.jenkins.plugins.gitops.core.git.TreeWorkspace;
import io.jenkins.plugins.gitops.core.git.Urls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Reverts one commit the GitOps way: on the branch's current tip, it restores what the commit replaced only where
 * the files or values still hold what the commit wrote, and leaves (and reports) what others changed since. The
 * revert is a commit like any other ({@link GitopsCommitter}: re-applied on a moved tip, signed, idempotent with its own
 * key) with a {@code Reverts: <sha>} trailer. It changes nothing when the branch no longer contains the commit, or when
 * a commit on the branch already reverts it.
 */
public final class Reverter {
    /** How the revert commit lands: pushed to the branch, or through a pull request into it. */
    @FunctionalInterface
    public interface Lander {
        CommitResult land(CommitRequest revert, TransactionListener log);
    }

    private final Path cacheRoot;
    private final Lander lander;

    /** Pushes the revert to the branch with a {@link GitopsCommitter} on {@code cacheRoot}. */
    public Reverter(Path cacheRoot) {
        this(cacheRoot, new GitopsCommitter(cacheRoot)::commit);
    }

    public Reverter(Path cacheRoot, Lander lander) {
        this.cacheRoot = cacheRoot;
        this.lander = lander;
    }

    /** @throws GitopsException naming the commit, branch and repository when nothing could be reverted */
    public RevertResult revert(RevertRequest request, TransactionListener log) {
        CommitRequest base = request.commit();
        String url = Urls.redact(base.url());
        String branch = base.branch() != null ? base.branch()
                : BranchMirror.remoteDefaultBranch(base.url(), base.credentials(), base.transport());
        Path dir = mirrorDir();
        try (BranchMirror mirror = BranchMirror.open(dir, base.url(), branch, base.transport())) {
            mirror.fetch(base.credentials());
            Repository repo = mirror.repository();
            ObjectId tip = repo.resolve(mirror.trackingRef());
            if (tip == null) throw new GitopsException("Branch " + branch + " does not exist on " + url);
            RevCommit target;
            Undo undo;
            int earlierReverts;
            try (RevWalk walk = new RevWalk(repo)) {
                RevCommit head = walk.parseCommit(tip);
                target = request.sha() != null ? bySha(repo, walk, head, request.sha(), branch, url)
                        : byChangeId(walk, head, request.changeId(), branch, url);
                List<RevCommit> reverts = reverts(repo, head, target);
                String revertedBy = revertInEffect(repo, head, reverts);
                if (revertedBy != null) {
                    log.info(target.name() + " is already reverted on " + branch + " by " + revertedBy
                            + "; nothing to do");
                    return new RevertResult(target.name(), new CommitResult(revertedBy, true, url, branch, List.of(), 0,
                            "", false, true, List.of()), revertedBy, List.of(), List.of(), List.of());
                }
                undo = undo(repo, walk, target, request.allowPartial());
                earlierReverts = reverts.size();
            }
            log.info("Reverting " + target.name() + " (" + target.getShortMessage() + ") on " + branch + ": "
                    + undo.files().size() + " file(s)");
            CommitResult landed = lander.land(revertCommit(request, branch, target, undo, earlierReverts), log);
            if (landed.alreadyPresent()) {
                return new RevertResult(target.name(), landed, landed.commit(), List.of(), List.of(), List.of());
            }
            mirror.fetch(base.credentials());
            try (RevWalk walk = new RevWalk(repo); ObjectReader reader = repo.newObjectReader()) {
                RevCommit before = reportedOn(repo, walk, landed, mirror.trackingRef());
                Undo.Report report = undo.evaluate(new TreeWorkspace(reader, before.getTree()));
                report.kept().forEach(k -> log.warning("Not reverted: " + k.describe()));
                return new RevertResult(target.name(), landed, null, report.restored(), report.kept(),
                        report.alreadyUndone());
            }
        } catch (IOException e) {
            throw new GitopsException("Cannot read " + branch + " of " + url + " to revert: " + e.getMessage(), e);
        } finally {
            deleteTree(dir);
        }
    }

    /**
     * The files the revert was made on: the parent of the revert commit, or the branch's tip when it made none or
     * made it on a branch of its own (a pull request's), which the mirror of the branch does not have.
     */
    private static RevCommit reportedOn(Repository repo, RevWalk walk, CommitResult landed, String trackingRef)
            throws IOException {
        ObjectId made = ObjectId.fromString(landed.commit());
        if (repo.getObjectDatabase().has(made)) {
            RevCommit commit = walk.parseCommit(made);
            return landed.created() && commit.getParentCount() > 0 ? walk.parseCommit(commit.getParent(0)) : commit;
        }
        return walk.parseCommit(repo.resolve(trackingRef));
    }

    /**
     * @param earlierReverts reverts of {@code target} that were reverted in turn: this revert is the next one, with a
     *                       key of its own, so that the engine does not take an earlier one for it
     */
    private static CommitRequest revertCommit(RevertRequest request, String branch, RevCommit target, Undo undo,
            int earlierReverts) {
        CommitRequest base = request.commit();
        String message = request.message() != null ? request.message()
                : "Revert \"" + target.getShortMessage().replace(" [skip ci]", "") + "\"\n\nThis restores what " + target.name()
                        + " replaced, where nothing has changed it since.";
        String key = base.idempotencyKey() != null && !base.idempotencyKey().isBlank() ? base.idempotencyKey()
                : "revert-" + target.name() + (earlierReverts == 0 ? "" : "-" + (earlierReverts + 1));
        return new CommitRequest(base.url(), branch, message, List.of(undo), base.author(), base.committer(),
                base.build(), base.source(), key, base.skipCi(), base.dryRun(), base.maxAttempts(), base.maxDuration(),
                base.credentials(), base.transport(), base.owner(), null, false, base.signer());
    }

    private static RevCommit bySha(Repository repo, RevWalk walk, RevCommit head, String sha, String branch, String url)
            throws IOException {
        java.util.Collection<ObjectId> found;
        try (ObjectReader reader = repo.newObjectReader()) {
            found = reader.resolve(org.eclipse.jgit.lib.AbbreviatedObjectId.fromString(sha.toLowerCase(java.util.Locale.ROOT)));
        }
        if (found.size() > 1) {
            throw new GitopsException("Commit " + sha + " is ambiguous in " + branch + " of " + url + " (" + found.size()
                    + " objects start so); give more of its digits; nothing was reverted");
        }
        RevCommit target = null;
        if (found.size() == 1) {
            try {
                target = walk.parseCommit(found.iterator().next());
            } catch (org.eclipse.jgit.errors.IncorrectObjectTypeException e) {
                throw new GitopsException(sha + " in " + branch + " of " + url + " is not a commit; nothing was reverted");
            } catch (org.eclipse.jgit.errors.MissingObjectException e) {
                // a full SHA the mirror does not have: not on the branch
            }
        }
        if (target == null || !walk.isMergedInto(target, head)) {
            throw new GitopsException("Commit " + sha + " is not on " + branch + " of " + url + ": the branch no longer"
                    + " contains it (its history was rewritten) or it never landed there; nothing was reverted");
        }
        return target;
    }

    private static RevCommit byChangeId(RevWalk walk, RevCommit head, String changeId, String branch, String url)
            throws IOException {
        String trailer = "Gitops-Change-Id: " + changeId;
        walk.reset();
        walk.markStart(head);
        for (RevCommit c : walk) {
            if (c.getFullMessage().lines().anyMatch(trailer::equals)) return walk.parseCommit(c);
        }
        throw new GitopsException("No commit with Gitops-Change-Id " + changeId + " is on " + branch + " of " + url
                + "; nothing was reverted");
    }

    /**
     * Of {@code reverts}, the commits that say they revert one commit ({@code Reverts:}, or git's own "This reverts
     * commit"), the one in effect: not reverted in turn. Null when there is none.
     */
    private static String revertInEffect(Repository repo, RevCommit head, List<RevCommit> reverts) throws IOException {
        for (RevCommit revert : reverts) {
            if (revertInEffect(repo, head, reverts(repo, head, revert)) == null) return revert.name();
        }
        return null;
    }

    /** Every commit after {@code target} on the branch that says it reverts it, newest first. */
    private static List<RevCommit> reverts(Repository repo, RevCommit head, RevCommit target) throws IOException {
        List<String> marks = List.of("Reverts: " + target.name(), "This reverts commit " + target.name() + ".");
        List<RevCommit> found = new ArrayList<>();
        try (RevWalk walk = new RevWalk(repo)) {
            walk.markStart(walk.parseCommit(head));
            walk.markUninteresting(walk.parseCommit(target));
            for (RevCommit c : walk) {
                if (c.getFullMessage().lines().map(String::strip).anyMatch(marks::contains)) found.add(c);
            }
        }
        return found;
    }

    private static Undo undo(Repository repo, RevWalk walk, RevCommit target, boolean allowPartial) throws IOException {
        if (target.getParentCount() == 0) {
            throw new GitopsException(target.name() + " is the first commit of the branch: there is nothing before it"
                    + " to go back to; nothing was reverted");
        }
        RevCommit parent = walk.parseCommit(target.getParent(0));
        List<Replaced> values = Replaced.fromMessage(target.getFullMessage());
        List<Undo.FileUndo> files = new ArrayList<>();
        try (TreeWalk tw = new TreeWalk(repo)) {
            tw.addTree(parent.getTree());
            tw.addTree(target.getTree());
            tw.setRecursive(true);
            tw.setFilter(TreeFilter.ANY_DIFF);
            while (tw.next()) {
                String path = tw.getPathString();
                for (int i = 0; i < 2; i++) {
                    FileMode mode = tw.getFileMode(i);
                    if (mode == FileMode.GITLINK || mode == FileMode.SYMLINK) {
                        throw new GitopsException(target.name() + " changes " + path + ", a "
                                + (mode == FileMode.GITLINK ? "submodule" : "symbolic link")
                                + ", which a revert does not restore; nothing was reverted");
                    }
                }
                files.add(new Undo.FileUndo(path, blob(repo, tw, 1), blob(repo, tw, 0),
                        values.stream().filter(v -> v.file().equals(path)).toList()));
            }
        }
        if (files.isEmpty()) {
            throw new GitopsException(target.name() + " changes no file: nothing to revert");
        }
        return new Undo(target.name(), files, allowPartial);
    }

    private static byte[] blob(Repository repo, TreeWalk tw, int tree) throws IOException {
        if (tw.getFileMode(tree) == FileMode.MISSING) return null;
        return repo.open(tw.getObjectId(tree)).getBytes();
    }

    private Path mirrorDir() {
        try {
            Files.createDirectories(cacheRoot);
            return Files.createTempDirectory(cacheRoot, "revert-");
        } catch (IOException e) {
            throw new GitopsException("Cannot make a folder for the revert in " + cacheRoot + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // A leftover temporary folder holds no secret; the next run makes its own.
        }
    }
}
