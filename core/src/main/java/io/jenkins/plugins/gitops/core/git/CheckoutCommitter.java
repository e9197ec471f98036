package io.jenkins.plugins.gitops.core.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ResolveMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;

/**
 * A transaction around a working tree, for work that edits files in place (kustomize, helm, sed) rather than declaring
 * changes: {@link #checkout} puts a branch into a folder, the caller edits files there, and {@link #commitChanges}
 * commits everything that changed as one commit and pushes it. When the push is rejected because the branch moved, our
 * commit is replayed on the new tip (a cherry-pick in memory) and pushed again, a bounded number of times; a real
 * conflict fails and names the files. Credentials are used per operation and never written to the folder; when a
 * transaction fails, nothing is pushed and the folder is reset to the branch's tip.
 */
public final class CheckoutCommitter {
    private final Sleeper sleeper;
    private final Backoff backoff;

    public CheckoutCommitter() {
        this(Sleeper.SYSTEM, Backoff.DEFAULT);
    }

    public CheckoutCommitter(Sleeper sleeper, Backoff backoff) {
        this.sleeper = sleeper;
        this.backoff = backoff;
    }

    /** Fetches the branch (only its tip when the transport is shallow) and resets the folder to it. */
    public Checkout checkout(CheckoutRequest request, TransactionListener log) {
        Urls.checkAllowed(request.url());
        Path folder = request.folder();
        try (Connection connection = Connection.open(request.url(), request.credentials(), request.transport())) {
            String branch = request.branch() != null ? request.branch() : GitopsCommitter.defaultBranch(connection);
            checkBranchName(branch);
            boolean existed = Files.exists(folder, LinkOption.NOFOLLOW_LINKS);
            boolean reused = existed && prepareExisting(folder, request.url());
            Repository repo = null;
            try {
                if (!existed) Files.createDirectories(folder);
                repo = reused ? WorkTree.open(folder, request.url()) : WorkTree.init(folder, request.url(), branch);
                if (reused) log.info("Reusing the checkout of " + connection.shownUrl + " in " + folder);
                ObjectId tip = fetch(repo, connection, branch, request.transport().shallow());
                WorkTree.resetTo(repo, branch, tip, true);
                log.info("Checked out " + connection.shownUrl + " " + branch + " at " + abbrev(tip) + " into " + folder);
                return new Checkout(connection.shownUrl, branch, tip.name(), folder, reused);
            } catch (IOException | GitAPIException | RuntimeException e) {
                if (repo != null) repo.close();
                repo = null;
                if (!reused) removeWhatWeCreated(folder, existed);
                if (e instanceof GitopsException g) throw g;
                throw new GitopsException("Checkout of " + connection.shownUrl + " " + branch + " into " + folder
                        + " failed: " + connection.clean(e.getMessage()), e);
            } finally {
                if (repo != null) repo.close();
            }
        }
    }

    /** After a failed first checkout, the folder is as it was: absent, or empty. */
    private static void removeWhatWeCreated(Path folder, boolean existed) {
        if (!existed) {
            Connection.deleteTree(folder);
            return;
        }
        try (var entries = Files.list(folder)) {
            entries.forEach(Connection::deleteTree);
        } catch (IOException e) {
            throw new GitopsException("Cannot clean up " + folder + ": " + e.getMessage(), e);
        }
    }

    /** True when the folder holds a checkout of the repository to reuse; false when it is empty; throws otherwise. */
    private static boolean prepareExisting(Path folder, String url) {
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            throw new GitopsException(folder + " exists and is not a folder");
        }
        try {
            if (WorkTree.isEmptyFolder(folder)) return false;
        } catch (IOException e) {
            throw new GitopsException("Cannot read " + folder + ": " + e.getMessage(), e);
        }
        if (!WorkTree.holdsRepository(folder)) {
            throw new GitopsException(folder + " already holds files that are not a checkout of " + Urls.redact(url)
                    + "; choose another folder or delete it");
        }
        WorkTree.open(folder, url).close();
        return true;
    }

    /**
     * Commits what changed in {@code folder} since {@code baseCommit} was checked out (new, modified and deleted files,
     * respecting {@code .gitignore}) and pushes it to {@code request.branch()}. Nothing changed: no commit. The message
     * and trailers are those of {@link GitopsCommitter}; {@code request.changes()} must be empty, since the work tree is
     * the change, and {@code request.url()} must name the checked-out repository.
     */
    public CommitResult commitChanges(Path folder, String baseCommit, CommitRequest request, TransactionListener log) {
        Urls.checkAllowed(request.url());
        if (!request.changes().isEmpty()) {
            throw new IllegalArgumentException("commitChanges commits the work tree; declarative changes are not applied here");
        }
        if (request.branch() == null) throw new GitopsException("Name the branch that was checked out into " + folder);
        if (request.signer() != null) request.signer().checkCommitter(request.committer());
        checkBranchName(request.branch());
        long deadline = System.nanoTime() + request.maxDuration().toNanos();
        try (Connection connection = Connection.open(request.url(), request.credentials(), request.transport());
                Repository repo = WorkTree.open(folder, request.url())) {
            return new Transaction(request, connection, repo, folder, deadline, log).run(baseCommit);
        }
    }

    /**
     * What changed in {@code folder} since {@code baseCommit}, as declarative changes that are applied again on a
     * newer tip only where the branch still has what was checked out: how a checkout's edits go to a pull request,
     * whose branch is re-made from the base's tip rather than rebased. Nothing is committed or pushed here.
     */
    public List<io.jenkins.plugins.gitops.core.change.Change> changesSince(Path folder, String baseCommit, String url) {
        try (Repository repo = WorkTree.open(folder, url)) {
            RevCommit base = parseBase(repo, folder, baseCommit);
            ObjectId tree = WorkTree.stage(repo);
            WorkTree.checkSafe(repo, base.getTree(), tree);
            List<io.jenkins.plugins.gitops.core.change.Change> changes = new java.util.ArrayList<>();
            try (org.eclipse.jgit.treewalk.TreeWalk diff = new org.eclipse.jgit.treewalk.TreeWalk(repo)) {
                diff.setRecursive(true);
                diff.addTree(base.getTree());
                diff.addTree(tree);
                diff.setFilter(org.eclipse.jgit.treewalk.filter.TreeFilter.ANY_DIFF);
                while (diff.next()) {
                    for (int side = 0; side < 2; side++) {
                        org.eclipse.jgit.lib.FileMode mode = diff.getFileMode(side);
                        if (mode == org.eclipse.jgit.lib.FileMode.SYMLINK || mode == org.eclipse.jgit.lib.FileMode.GITLINK) {
                            throw new GitopsException(diff.getPathString() + " in " + folder + " is a "
                                    + (mode == org.eclipse.jgit.lib.FileMode.SYMLINK ? "symbolic link" : "nested repository")
                                    + ": a pull request from a checkout carries files only; nothing is committed");
                        }
                    }
                    changes.add(new io.jenkins.plugins.gitops.core.change.CheckedOutFile(diff.getPathString(),
                            blob(repo, diff.getObjectId(0)), blob(repo, diff.getObjectId(1))));
                }
            }
            return changes;
        } catch (IOException | GitAPIException e) {
            throw new GitopsException("Cannot read the changes in " + folder + ": " + e.getMessage(), e);
        }
    }

    /** The checked-out commit in the folder's repository; without it, the folder was replaced. */
    private static RevCommit parseBase(Repository repo, Path folder, String baseCommit) {
        try (RevWalk walk = new RevWalk(repo)) {
            ObjectId id = baseCommit == null ? null : repo.resolve(baseCommit + "^{commit}");
            if (id == null) throw new IOException("unknown commit");
            return walk.parseCommit(id);
        } catch (IOException | RuntimeException e) {
            throw new GitopsException(folder + " does not hold the checked-out commit " + baseCommit
                    + "; was the folder replaced?");
        }
    }

    private static byte[] blob(Repository repo, ObjectId id) throws IOException {
        return id.equals(ObjectId.zeroId()) ? null : repo.open(id, Constants.OBJ_BLOB).getBytes();
    }

    private static void checkBranchName(String branch) {
        if (!Repository.isValidRefName(Constants.R_HEADS + branch)) {
            throw new GitopsException("Not a valid branch name: " + branch);
        }
    }

    private static ObjectId fetch(Repository repo, Connection connection, String branch, boolean tipOnly) {
        String tracking = WorkTree.tracking(branch);
        try (Git git = new Git(repo)) {
            var fetch = git.fetch().setRemote(connection.uri.toString())
                    .setRefSpecs(new RefSpec("+" + Constants.R_HEADS + branch + ":" + tracking))
                    .setTransportConfigCallback(connection::configure)
                    .setTagOpt(TagOpt.NO_TAGS);
            if (tipOnly) fetch.setDepth(1);
            fetch.call();
            ObjectId tip = repo.resolve(tracking);
            if (tip == null) throw new GitopsException("Branch " + branch + " does not exist on " + connection.shownUrl);
            return tip;
        } catch (GitAPIException | IOException e) {
            String m = connection.clean(e.getMessage());
            if (m.contains("does not have") || m.contains("not available for fetch")) {
                throw new GitopsException("Branch " + branch + " does not exist on " + connection.shownUrl, e);
            }
            throw new GitopsException("Fetch from " + connection.shownUrl + " failed: " + m, e);
        }
    }

    /** One commit-and-push of a folder, with its retries, under the branch's turn. */
    private final class Transaction {
        private final CommitRequest request;
        private final Connection connection;
        private final Repository repo;
        private final Path folder;
        private final String branch;
        private final long deadline;
        private final TransactionListener log;
        private ObjectId remoteTip;

        Transaction(CommitRequest request, Connection connection, Repository repo, Path folder, long deadline,
                TransactionListener log) {
            this.request = request;
            this.connection = connection;
            this.repo = repo;
            this.folder = folder;
            this.branch = request.branch();
            this.deadline = deadline;
            this.log = log;
        }

        CommitResult run(String baseCommit) {
            RevCommit base = parseBase(baseCommit);
            remoteTip = base;
            try (RevWalk walk = new RevWalk(repo)) {
                ObjectId tree = WorkTree.stage(repo);
                WorkTree.checkSafe(repo, base.getTree(), tree);
                if (tree.equals(base.getTree())) {
                    log.info("Nothing to commit: " + folder + " has no changes since " + abbrev(base));
                    return result(base, false, List.of(), 0, "", false);
                }
                GitopsCommitter.Diff diff = GitopsCommitter.diff(repo, base.getTree(), tree);
                log.info("Changed " + diff.files().size() + " file(s) in " + folder + ": " + String.join(", ", diff.files()));
                if (request.dryRun()) {
                    log.info("Dry run: would commit " + diff.files().size() + " file(s) on " + abbrev(base) + "; nothing pushed");
                    return result(base, true, diff.files(), 0, diff.text(), true);
                }
                RevCommit ours = walk.parseCommit(insertCommit(base, tree, diff.files()));
                log.info("Committed " + abbrev(ours) + " on " + abbrev(base) + " (" + diff.files().size() + " file(s))");
                try (BranchQueue.Turn turn = BranchQueue.awaitKey(BranchQueue.key(request.url(), branch),
                        connection.shownUrl + " " + branch, request.owner(), remaining(), log)) {
                    return pushWithRetries(walk, base, ours, diff);
                }
            } catch (IOException | GitAPIException | RuntimeException e) {
                resetAfterFailure();
                if (e instanceof GitopsException g) throw g;
                throw new GitopsException("Commit of " + folder + " to " + connection.shownUrl + " " + branch + " failed: "
                        + connection.clean(String.valueOf(e.getMessage())), e);
            }
        }

        private RevCommit parseBase(String baseCommit) {
            return CheckoutCommitter.parseBase(repo, folder, baseCommit);
        }

        private CommitResult pushWithRetries(RevWalk walk, RevCommit base, RevCommit ours, GitopsCommitter.Diff firstDiff)
                throws IOException, GitAPIException {
            RevCommit candidate = ours;
            GitopsCommitter.Diff diff = firstDiff;
            for (int attempt = 1; ; attempt++) {
                log.beforePush(attempt, candidate.name());
                log.info("Push attempt " + attempt + " of " + request.maxAttempts() + " to " + connection.shownUrl + " " + branch);
                String rejection = push(candidate, candidate.getParent(0));
                if (rejection == null) {
                    remoteTip = candidate;
                    WorkTree.setTracking(repo, branch, candidate);
                    WorkTree.resetTo(repo, branch, candidate, false);
                    log.info("Pushed " + candidate.name() + " to " + connection.shownUrl + " " + branch);
                    return result(candidate, true, diff.files(), attempt, diff.text(), false);
                }
                Duration delay = backoff.delay(attempt);
                if (attempt >= request.maxAttempts() || remaining().compareTo(delay) <= 0) {
                    throw new GitopsException("Gave up pushing to " + connection.shownUrl + " " + branch + " after "
                            + attempt + " attempt(s): the branch kept moving (" + rejection + ")");
                }
                log.info("Push rejected (" + rejection + "): the branch moved; retrying in " + delay.toMillis()
                        + " ms on the new tip");
                sleeper.pauseBeforeRetry(delay, connection.shownUrl);
                RevCommit tip = walk.parseCommit(fetch(repo, connection, branch, false));
                remoteTip = tip;
                log.info("Fetched " + connection.shownUrl + " " + branch + " at " + abbrev(tip));
                RevCommit earlier = findOwnCommit(walk, tip, base);
                if (earlier != null) {
                    log.info("Already on " + branch + ": " + earlier.name() + " carries " + CommitMessage.CHANGE_ID + " "
                            + request.idempotencyKey() + "; not committing again");
                    WorkTree.resetTo(repo, branch, tip, false);
                    return new CommitResult(earlier.name(), true, connection.shownUrl, branch, List.of(), attempt, "",
                            false, true, List.of());
                }
                ObjectId tree = replay(base, ours, tip);
                if (tree.equals(tip.getTree())) {
                    log.info("Nothing to commit: " + branch + " already has these changes at " + abbrev(tip));
                    WorkTree.resetTo(repo, branch, tip, false);
                    return result(tip, false, List.of(), attempt, "", false);
                }
                diff = GitopsCommitter.diff(repo, tip.getTree(), tree);
                candidate = walk.parseCommit(insertCommit(tip, tree, diff.files()));
                log.info("Replayed our commit on " + abbrev(tip) + " as " + abbrev(candidate));
            }
        }

        /** Our commit's changes applied to {@code tip}: a cherry-pick in memory; a conflict names the files. */
        private ObjectId replay(RevCommit base, RevCommit ours, RevCommit tip) throws IOException {
            ResolveMerger merger = (ResolveMerger) MergeStrategy.RECURSIVE.newMerger(repo, true);
            merger.setBase(base.getTree());
            if (merger.merge(tip, ours)) return merger.getResultTreeId();
            Set<String> files = new TreeSet<>(merger.getUnmergedPaths());
            if (merger.getFailingPaths() != null) files.addAll(merger.getFailingPaths().keySet());
            throw new GitopsException("Conflict: " + branch + " of " + connection.shownUrl + " changed since "
                    + abbrev(base) + " (now " + abbrev(tip) + ") in the same places as this build, in: "
                    + String.join(", ", files) + ". Nothing was pushed");
        }

        /** Looks back along first parents from {@code tip} to {@code base} for a commit carrying our idempotency key. */
        private RevCommit findOwnCommit(RevWalk walk, RevCommit tip, RevCommit base) throws IOException {
            String key = request.idempotencyKey();
            if (key == null || key.isBlank()) return null;
            RevCommit c = tip;
            for (int seen = 0; seen < BranchCache.IDEMPOTENCY_WINDOW && c != null && !c.equals(base); seen++) {
                walk.parseBody(c);
                if (c.getFooterLines(CommitMessage.CHANGE_ID).contains(key)) return c;
                c = c.getParentCount() == 0 ? null : walk.parseCommit(c.getParent(0));
            }
            return null;
        }

        /** @param files what {@code tree} changes on {@code parent}, as the caller's diff found */
        private ObjectId insertCommit(RevCommit parent, ObjectId tree, List<String> files) throws IOException {
            CommitBuilder b = new CommitBuilder();
            b.setTreeId(tree);
            b.setParentId(parent);
            b.setAuthor(new PersonIdent(request.author().name(), request.author().email()));
            b.setCommitter(new PersonIdent(request.committer().name(), request.committer().email()));
            b.setMessage(CommitMessage.of(request, replaced(parent, tree, files)));
            if (request.signer() != null) request.signer().signInto(b);
            try (ObjectInserter inserter = repo.newObjectInserter()) {
                ObjectId id = inserter.insert(b);
                inserter.flush();
                return id;
            }
        }

        /** The values the work tree's commit changes on {@code parent}, for a revert to set back alone. */
        private List<io.jenkins.plugins.gitops.core.change.Replaced> replaced(RevCommit parent, ObjectId tree,
                List<String> files) {
            try (org.eclipse.jgit.lib.ObjectReader reader = repo.newObjectReader()) {
                return io.jenkins.plugins.gitops.core.change.Replaced.ofFiles(files,
                        new TreeWorkspace(reader, parent.getTree()), new TreeWorkspace(reader, tree));
            }
        }

        /** Pushes with a compare-and-swap on {@code expectedTip}; returns null on success or why it was rejected. */
        private String push(ObjectId commit, ObjectId expectedTip) {
            return new LeasePush(connection, sleeper).push(repo, branch, commit, expectedTip);
        }

        /** Leaves the folder as the branch's last known tip, with no trace of the failed change. */
        private void resetAfterFailure() {
            try {
                WorkTree.resetTo(repo, branch, remoteTip, true);
                log.info("Reset " + folder + " to " + abbrev(remoteTip) + "; nothing was pushed");
            } catch (IOException | GitAPIException | RuntimeException e) {
                log.warning("Could not reset " + folder + " after the failure: " + connection.clean(e.getMessage()));
            }
        }

        private CommitResult result(ObjectId commit, boolean changed, List<String> files, int attempts, String diff, boolean dry) {
            return new CommitResult(commit.name(), changed, connection.shownUrl, branch, files, attempts, diff, dry, false,
                    List.of());
        }

        private Duration remaining() {
            return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        }

    }

    private static String abbrev(ObjectId id) {
        return id.name().substring(0, 12);
    }
}
