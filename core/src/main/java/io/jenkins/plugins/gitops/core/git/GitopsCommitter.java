package io.jenkins.plugins.gitops.core.git;

import io.jenkins.plugins.gitops.core.change.ChangeApplier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.merge.MergeAlgorithm;
import org.eclipse.jgit.merge.MergeFormatter;
import org.eclipse.jgit.merge.MergeResult;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.util.FS;

/**
 * Commits declarative changes to a branch of a remote repository and pushes them, safely under concurrency: a bare
 * cache per repository is fetched (shallow when new), the changes are applied in the object database without a
 * checkout, one commit is pushed with a compare-and-swap on the branch tip, and a rejected push is retried by applying
 * the same changes again on the new tip. On failure nothing is pushed and the cache is reset.
 */
public final class GitopsCommitter {
    static final int IDEMPOTENCY_WINDOW = 100;
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
        try (Connection connection = Connection.open(request.url(), request.credentials(), request.transport())) {
            String branch = request.branch() != null ? request.branch() : defaultBranch(connection);
            if (!Repository.isValidRefName(Constants.R_HEADS + branch)) {
                throw new GitopsException("Not a valid branch name: " + branch);
            }
            String shownKey = connection.shownUrl + " " + branch;
            try (BranchQueue.Turn turn = BranchQueue.awaitKey(BranchQueue.key(request.url(), branch), shownKey,
                    request.owner(), remaining(deadline), log)) {
                return new Transaction(request, connection, branch, deadline, log).run();
            }
        }
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

    /** One commit-and-push, with its retries, under the branch's turn. */
    private final class Transaction {
        private final CommitRequest request;
        private final Connection connection;
        private final String branch;
        private final String trackingRef;
        private final long deadline;
        private final TransactionListener log;
        private final List<String> warnings = new ArrayList<>();
        private final Path cacheDir;
        private boolean freshCache;
        private boolean deepened;

        Transaction(CommitRequest request, Connection connection, String branch, long deadline, TransactionListener log) {
            this.request = request;
            this.connection = connection;
            this.branch = branch;
            this.trackingRef = "refs/remotes/origin/" + branch;
            this.deadline = deadline;
            this.log = log;
            this.cacheDir = cacheRoot.resolve(Urls.cacheKey(request.url(), branch) + ".git");
        }

        /**
         * One cache per repository and branch: in this JVM the branch queue already gives the transaction the cache to
         * itself, and a file lock does the same across processes (several CLI runs, or agents sharing a home).
         */
        CommitResult run() {
            Path lockFile = cacheDir.resolveSibling(cacheDir.getFileName() + ".mutex");
            try {
                Files.createDirectories(cacheRoot);
                try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        FileLock lock = channel.lock()) {
                    return runLocked();
                }
            } catch (IOException e) {
                throw new GitopsException("Cannot lock the cache " + lockFile + ": " + e.getMessage(), e);
            }
        }

        private CommitResult runLocked() {
            Repository repo = openCache();
            try {
                return attempts(repo);
            } catch (RuntimeException | IOException e) {
                repo.close();
                resetCache();
                if (e instanceof GitopsException g) throw g;
                throw new GitopsException("Commit to " + connection.shownUrl + " " + branch + " failed: "
                        + connection.clean(String.valueOf(e.getMessage())), e);
            } finally {
                repo.close();
            }
        }

        /**
         * Tries until a push lands. When the cache already holds the branch (the previous commit through this cache
         * fetched or pushed it), the first try builds on that tip without fetching: the push's compare-and-swap checks
         * that it is still the tip, which is the common case for commits queued one after another in one JVM, and
         * saves a round trip to the server. If the branch moved, or the try would end without a push (nothing to
         * commit, change already present, dry run), the branch is fetched and the try starts over, not counted.
         */
        private CommitResult attempts(Repository repo) throws IOException {
            String message = CommitMessage.of(request);
            RevCommit firstBase = null;
            RevCommit previousBase = null;
            TreeWorkspace previous = null;
            ObjectId cached = freshCache || request.dryRun() ? null : repo.resolve(trackingRef);
            int attempt = 0;
            while (true) {
                attempt++;
                boolean fromCache = cached != null;
                try (RevWalk walk = new RevWalk(repo); ObjectInserter inserter = repo.newObjectInserter()) {
                    RevCommit tip;
                    ObjectId expected;
                    if (fromCache) {
                        tip = walk.parseCommit(cached);
                        expected = tip;
                        log.info("Building on " + branch + " at " + abbrev(tip) + " from the cache; the push checks that it is still the tip");
                    } else {
                        int depth = attempt == 1 && freshCache && request.transport().shallow() ? firstDepth() : 0;
                        ObjectId fetched = fetch(repo, branch, trackingRef, depth);
                        if (fetched != null) {
                            tip = walk.parseCommit(fetched);
                            expected = tip;
                            log.info("Fetched " + connection.shownUrl + " " + branch + " at " + abbrev(tip));
                        } else {
                            ObjectId start = fetchStart(repo, depth);
                            tip = start == null ? null : walk.parseCommit(start);
                            expected = ObjectId.zeroId();
                        }
                    }
                    boolean creating = expected.equals(ObjectId.zeroId());
                    RevCommit earlier = tip == null || creating ? null : findOwnCommit(repo, tip, firstBase);

                    ObjectId baseTree = tip != null ? tip.getTree() : emptyTree(inserter);
                    TreeWorkspace workspace = new TreeWorkspace(walk.getObjectReader(), baseTree);
                    Set<String> touched = ChangeApplier.apply(request.changes(), workspace);
                    log.info("Applied " + request.changes().size() + " change(s) to " + touched.size() + " file(s)");
                    ObjectId tree = workspace.writeTree(inserter);
                    boolean noop = tree.equals(baseTree);
                    if (fromCache && (earlier != null || noop)) {
                        // Only a push is checked against the remote: confirm any other conclusion on a fetched tip.
                        cached = null;
                        attempt--;
                        continue;
                    }
                    if (firstBase == null) firstBase = tip;
                    if (earlier != null) return alreadyPresent(earlier, noop, attempt - 1);
                    if (noop) {
                        if (tip == null) {
                            throw new GitopsException("Nothing to commit to the empty repository " + connection.shownUrl
                                    + ": the changes leave it empty");
                        }
                        if (creating && !request.dryRun()) {
                            if (push(repo, tip, expected) != null) {
                                continue;
                            }
                            updateTracking(repo, tip);
                            log.info("Created " + branch + " at " + abbrev(tip) + "; it already has these values");
                            return result(tip, false, List.of(), attempt, "", false);
                        }
                        log.info("Nothing to commit: " + branch + " already has these values at " + abbrev(tip));
                        return result(tip, false, List.of(), attempt - 1, "", false);
                    }
                    Diff diff = diff(repo, baseTree, tree);
                    if (previous != null && previousBase != null && tip != null) {
                        warnOverwrites(repo, walk, previousBase, previous, tip, workspace, diff.files);
                    }
                    if (request.dryRun()) {
                        log.info("Dry run: would commit " + diff.files.size() + " file(s)"
                                + (tip == null ? " as the first commit" : " on " + abbrev(tip)) + "; nothing pushed");
                        return result(tip == null ? ObjectId.zeroId() : tip, true, diff.files, 0, diff.text, true);
                    }
                    ObjectId commit = inserter.insert(commit(tip, tree, message));
                    inserter.flush();
                    log.info("Committed " + abbrev(commit) + (tip == null ? " as the first commit" : " on " + abbrev(tip))
                            + " (" + diff.files.size() + " file(s))");
                    log.beforePush(attempt, commit.name());
                    log.info("Push attempt " + attempt + " of " + request.maxAttempts() + " to " + connection.shownUrl + " " + branch);
                    String rejection = push(repo, commit, expected);
                    if (rejection == null) {
                        updateTracking(repo, commit);
                        log.info("Pushed " + commit.name() + " to " + connection.shownUrl + " " + branch);
                        return result(commit, true, diff.files, attempt, diff.text, false);
                    }
                    if (fromCache) {
                        log.info("The branch moved since the cache last saw it (" + rejection + "); fetching it");
                        cached = null;
                        attempt--;
                        continue;
                    }
                    Duration delay = backoff.delay(attempt);
                    if (attempt >= request.maxAttempts() || remaining(deadline).compareTo(delay) <= 0) {
                        throw new GitopsException("Gave up pushing to " + connection.shownUrl + " " + branch + " after "
                                + attempt + " attempt(s): the branch kept moving (" + rejection + ")");
                    }
                    log.info("Push rejected (" + rejection + "): the branch moved; retrying in " + delay.toMillis()
                            + " ms on the new tip");
                    previousBase = tip;
                    previous = workspace;
                    pause(delay);
                }
            }
        }

        private CommitResult alreadyPresent(RevCommit earlier, boolean noop, int attempts) {
            if (noop) {
                log.info("Already on " + branch + ": " + earlier.name() + " carries " + CommitMessage.CHANGE_ID + " "
                        + request.idempotencyKey() + "; not committing again");
            } else {
                warn(earlier.name() + " already carries " + CommitMessage.CHANGE_ID + " " + request.idempotencyKey()
                        + ", but later commits changed these files; not committing again");
            }
            return new CommitResult(earlier.name(), true, connection.shownUrl, branch, List.of(), attempts, "", false,
                    true, warnings);
        }

        private CommitResult result(ObjectId commit, boolean changed, List<String> files, int attempts, String diff, boolean dry) {
            return new CommitResult(commit.name(), changed, connection.shownUrl, branch, files, attempts, diff, dry,
                    false, warnings);
        }

        private void warn(String line) {
            warnings.add(line);
            log.warning(line);
        }

        private void pause(Duration delay) {
            try {
                sleeper.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GitopsException("Interrupted while waiting to retry the push to " + connection.shownUrl, e);
            }
        }

        private Repository openCache() {
            try {
                Files.createDirectories(cacheRoot);
                if (Files.exists(cacheDir) && !RepositoryCache.FileKey.isGitRepository(cacheDir.toFile(), FS.DETECTED)) {
                    log.info("Cache for " + connection.shownUrl + " is damaged; starting a new one");
                    Connection.deleteTree(cacheDir);
                }
                freshCache = !Files.exists(cacheDir);
                if (freshCache) {
                    Git.init().setBare(true).setDirectory(cacheDir.toFile()).setInitialBranch("gitops-cache").call().close();
                }
                return new FileRepositoryBuilder().setGitDir(cacheDir.toFile()).setMustExist(true).build();
            } catch (IOException | GitAPIException e) {
                Connection.deleteTree(cacheDir);
                throw new GitopsException("Cannot open the cache for " + connection.shownUrl + " in " + cacheDir + ": " + e.getMessage(), e);
            }
        }

        /** After a failure the cache must not keep anything the remote does not have. */
        private void resetCache() {
            try {
                if (freshCache) {
                    Connection.deleteTree(cacheDir);
                    return;
                }
                try (Repository repo = new FileRepositoryBuilder().setGitDir(cacheDir.toFile()).setMustExist(true).build()) {
                    RefUpdate u = repo.updateRef(trackingRef);
                    u.setForceUpdate(true);
                    u.delete();
                }
            } catch (IOException | RuntimeException e) {
                Connection.deleteTree(cacheDir);
            }
        }

        /** Fetches {@code name} into {@code localRef}; null when the remote has no such branch. */
        private ObjectId fetch(Repository repo, String name, String localRef, int depth) {
            try (Git git = new Git(repo)) {
                var fetch = git.fetch().setRemote(connection.uri.toString())
                        .setRefSpecs(new RefSpec("+" + Constants.R_HEADS + name + ":" + localRef))
                        .setTransportConfigCallback(connection::configure)
                        .setTagOpt(org.eclipse.jgit.transport.TagOpt.NO_TAGS);
                if (depth > 0) fetch.setDepth(depth);
                fetch.call();
                return repo.resolve(localRef);
            } catch (GitAPIException | IOException e) {
                String m = connection.clean(e.getMessage());
                if (m.contains("does not have") || m.contains("not available for fetch")) {
                    return null;
                }
                throw new GitopsException("Fetch from " + connection.shownUrl + " failed: " + m, e);
            }
        }

        /**
         * {@code branch} does not exist: the commit it starts from, fetched, which is the tip of the request's
         * {@code startFrom} or of the remote's default branch; null in an empty repository, whose first commit has no
         * parent.
         */
        private ObjectId fetchStart(Repository repo, int depth) {
            String start = request.startFrom();
            if (start == null) {
                Map<String, Ref> refs = RemoteRefs.advertised(connection);
                Ref head = refs.get(Constants.HEAD);
                if (head != null && head.isSymbolic() && head.getObjectId() != null
                        && head.getTarget().getName().startsWith(Constants.R_HEADS)) {
                    start = head.getTarget().getName().substring(Constants.R_HEADS.length());
                } else if (refs.keySet().stream().noneMatch(r -> r.startsWith(Constants.R_HEADS))) {
                    log.info(connection.shownUrl + " is empty: " + branch + " starts with our commit, which has no parent");
                    return null;
                } else {
                    throw new GitopsException("Branch " + branch + " does not exist on " + connection.shownUrl
                            + ", and its HEAD names no branch to create it from; name one to start from");
                }
            }
            if (!Repository.isValidRefName(Constants.R_HEADS + start)) {
                throw new GitopsException("Not a valid branch name to start " + branch + " from: " + start);
            }
            ObjectId tip = fetch(repo, start, "refs/remotes/origin/" + start, depth);
            if (tip == null) {
                throw new GitopsException("Branch " + branch + " does not exist on " + connection.shownUrl
                        + ", nor does " + start + " to create it from");
            }
            log.info("Branch " + branch + " does not exist on " + connection.shownUrl + "; creating it from " + start
                    + " at " + abbrev(tip));
            return tip;
        }

        private ObjectId emptyTree(ObjectInserter inserter) throws IOException {
            ObjectId empty = inserter.insert(new org.eclipse.jgit.lib.TreeFormatter());
            inserter.flush();
            return empty;
        }

        /**
         * How deep a new cache is fetched: only the tip, or with an idempotency key as many commits as
         * {@link #findOwnCommit} looks at, in the same round trip rather than deepening in a second one (which costs
         * the server a second negotiation; the extra commits are a few objects each).
         */
        private int firstDepth() {
            String key = request.idempotencyKey();
            return key == null || key.isBlank() ? 1 : IDEMPOTENCY_WINDOW + 1;
        }

        /** Looks back along first parents for a commit carrying our idempotency key. */
        private RevCommit findOwnCommit(Repository repo, RevCommit tip, RevCommit stopAt) throws IOException {
            String key = request.idempotencyKey();
            if (key == null || key.isBlank()) return null;
            try (RevWalk walk = new RevWalk(repo)) {
                RevCommit c = walk.parseCommit(tip);
                for (int seen = 0; seen < IDEMPOTENCY_WINDOW && c != null; seen++) {
                    if (stopAt != null && c.equals(stopAt)) return null;
                    walk.parseBody(c);
                    if (c.getFooterLines(CommitMessage.CHANGE_ID).contains(key)) return c;
                    if (c.getParentCount() == 0) {
                        if (deepened || !repo.getObjectDatabase().getShallowCommits().contains(c)) return null;
                        deepened = true;
                        log.info("Looking further back in " + branch + " for " + CommitMessage.CHANGE_ID + " " + key);
                        fetch(repo, branch, trackingRef, IDEMPOTENCY_WINDOW + 1);
                        return findOwnCommit(repo, tip, stopAt);
                    }
                    c = walk.parseCommit(c.getParent(0));
                }
                return null;
            }
        }

        private CommitBuilder commit(RevCommit parent, ObjectId tree, String message) {
            CommitBuilder b = new CommitBuilder();
            b.setTreeId(tree);
            if (parent != null) b.setParentId(parent);
            b.setAuthor(new PersonIdent(request.author().name(), request.author().email()));
            b.setCommitter(new PersonIdent(request.committer().name(), request.committer().email()));
            b.setMessage(message);
            return b;
        }

        /** Pushes with a compare-and-swap on the tip we built on; returns null on success or why it was rejected. */
        private String push(Repository repo, ObjectId commit, ObjectId expectedTip) {
            return new LeasePush(connection, sleeper).push(repo, branch, commit, expectedTip);
        }

        private void updateTracking(Repository repo, ObjectId commit) throws IOException {
            RefUpdate u = repo.updateRef(trackingRef);
            u.setNewObjectId(commit);
            u.setForceUpdate(true);
            u.update();
        }

        /**
         * The tip moved since {@code previousBase}: for each file we change that someone else changed in between, check
         * with a three-way merge whether our re-applied content keeps their edit; if not, name their commit.
         */
        private void warnOverwrites(Repository repo, RevWalk walk, RevCommit previousBase, TreeWorkspace previous,
                RevCommit tip, TreeWorkspace current, List<String> files) throws IOException {
            ObjectReader reader = walk.getObjectReader();
            for (String file : files) {
                ObjectId before = blob(reader, previousBase, file);
                ObjectId now = blob(reader, tip, file);
                if (java.util.Objects.equals(before, now)) continue;
                byte[] base = content(reader, before);
                byte[] theirs = content(reader, now);
                byte[] oursBefore = previous.edited(file) == null ? base : previous.edited(file).orElse(new byte[0]);
                byte[] oursNow = current.edited(file) == null ? theirs : current.edited(file).orElse(new byte[0]);
                if (keepsTheirs(base, oursBefore, theirs, oursNow)) continue;
                RevCommit other = lastCommitTouching(walk, reader, tip, previousBase, file);
                warn("Overwriting " + file + " as changed by " + (other == null ? abbrev(tip) : other.name())
                        + (other == null ? "" : " (" + other.getShortMessage() + ")")
                        + " after our base " + abbrev(previousBase) + ": our change was re-applied on top of it");
            }
        }

        private boolean keepsTheirs(byte[] base, byte[] ours, byte[] theirs, byte[] result) throws IOException {
            MergeResult<RawText> merged = new MergeAlgorithm().merge(RawTextComparator.DEFAULT, new RawText(base),
                    new RawText(ours), new RawText(theirs));
            if (merged.containsConflicts()) return false;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new MergeFormatter().formatMerge(out, merged, "base", "ours", "theirs", StandardCharsets.UTF_8);
            return Arrays.equals(out.toByteArray(), result);
        }

        private RevCommit lastCommitTouching(RevWalk walk, ObjectReader reader, RevCommit tip, RevCommit stop, String file)
                throws IOException {
            RevCommit c = tip;
            for (int i = 0; i < IDEMPOTENCY_WINDOW && c != null && !c.equals(stop); i++) {
                walk.parseHeaders(c);
                if (c.getParentCount() == 0) return c;
                RevCommit parent = walk.parseCommit(c.getParent(0));
                walk.parseCommit(c);
                if (!java.util.Objects.equals(blob(reader, c, file), blob(reader, parent, file))) {
                    walk.parseBody(c);
                    return c;
                }
                c = parent;
            }
            return null;
        }

        private ObjectId blob(ObjectReader reader, RevCommit commit, String file) throws IOException {
            try (TreeWalk tw = TreeWalk.forPath(reader, file, commit.getTree())) {
                return tw == null ? null : tw.getObjectId(0);
            }
        }

        private byte[] content(ObjectReader reader, ObjectId blob) throws IOException {
            return blob == null ? new byte[0] : reader.open(blob, Constants.OBJ_BLOB).getBytes();
        }
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

    private static String abbrev(ObjectId id) {
        return id.name().substring(0, 12);
    }

}
