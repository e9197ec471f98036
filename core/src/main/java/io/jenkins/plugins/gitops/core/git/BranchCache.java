package io.jenkins.plugins.gitops.core.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.util.FS;

/**
 * The bare cache of one repository and branch: what the remote's branch was when last fetched or pushed, and nothing
 * the remote does not have. A new cache is fetched shallow; it deepens only to look for an idempotency key.
 */
final class BranchCache {
    static final int IDEMPOTENCY_WINDOW = 100;

    private final Path cacheRoot;
    final Path cacheDir;
    private final Connection connection;
    private final String branch;
    final String trackingRef;
    private final TransactionListener log;
    private boolean freshCache;
    private boolean deepened;

    BranchCache(Path cacheRoot, String url, Connection connection, String branch, TransactionListener log) {
        this.cacheRoot = cacheRoot;
        this.cacheDir = cacheRoot.resolve(Urls.cacheKey(url, branch) + ".git");
        this.connection = connection;
        this.branch = branch;
        this.trackingRef = "refs/remotes/origin/" + branch;
        this.log = log;
    }

    /**
     * Marks a cache whose server asked for a user name and password: later transactions send them with the first
     * request. It holds no secret.
     */
    private Path askedMarker() {
        return cacheDir.resolve("gitops-credentials-asked");
    }

    /** After {@link #open}: sends the credentials at once where this server asked for them before. */
    void rememberChallenge() {
        if (Files.exists(askedMarker())) connection.sendCredentialsAtOnce();
    }

    /** After a transaction that reached the server: remembers whether it asked for the credentials. */
    void noteChallenge() {
        try {
            if (connection.credentialsAsked() && Files.isDirectory(cacheDir) && !Files.exists(askedMarker())) {
                Files.writeString(askedMarker(), "The server asked for a user name and password.\n");
            }
        } catch (IOException e) {
            log.info("Cannot note in " + cacheDir + " that the server asks for credentials: " + e.getMessage());
        }
    }

    /** Whether {@link #open} made a new cache, which has no tip to build on. */
    boolean fresh() {
        return freshCache;
    }

    Path lockFile() {
        return cacheDir.resolveSibling(cacheDir.getFileName() + ".mutex");
    }

    Repository open() {
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
    void reset() {
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
    ObjectId fetch(Repository repo, String name, String localRef, int depth) {
        try (Git git = new Git(repo)) {
            var fetch = git.fetch().setRemote(connection.uri.toString())
                    .setRefSpecs(new RefSpec("+" + Constants.R_HEADS + name + ":" + localRef))
                    .setTransportConfigCallback(connection::configure)
                    .setTagOpt(TagOpt.NO_TAGS);
            if (depth > 0) fetch.setDepth(depth);
            fetch.call();
            return repo.resolve(localRef);
        } catch (GitAPIException | IOException e) {
            String m = connection.clean(e.getMessage());
            if (m.contains("does not have") || m.contains("not available for fetch")) {
                return null;
            }
            throw new GitopsException("Fetch from " + connection.shownUrl + " failed: " + connection.describe(e), e);
        }
    }

    /**
     * {@code branch} does not exist: the commit it starts from, fetched, which is the tip of the requests'
     * {@code startFrom} or of the remote's default branch; null in an empty repository, whose first commit has no
     * parent.
     */
    ObjectId fetchStart(Repository repo, String startFrom, int depth) {
        String start = startFrom;
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

    /**
     * How deep a new cache is fetched: only the tip, or with an idempotency key as many commits as
     * {@link #findOwnCommit} looks at, in the same round trip rather than deepening in a second one (which costs
     * the server a second negotiation; the extra commits are a few objects each).
     */
    static int firstDepth(boolean keyed) {
        return keyed ? IDEMPOTENCY_WINDOW + 1 : 1;
    }

    /** Looks back along first parents for a commit carrying the idempotency key. */
    RevCommit findOwnCommit(Repository repo, RevCommit tip, String key, RevCommit stopAt) throws IOException {
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
                    return findOwnCommit(repo, tip, key, stopAt);
                }
                c = walk.parseCommit(c.getParent(0));
            }
            return null;
        }
    }

    void updateTracking(Repository repo, ObjectId commit) throws IOException {
        RefUpdate u = repo.updateRef(trackingRef);
        u.setNewObjectId(commit);
        u.setForceUpdate(true);
        u.update();
    }

    private static String abbrev(ObjectId id) {
        return id.name().substring(0, 12);
    }
}
