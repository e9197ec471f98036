package io.jenkins.plugins.gitops.core.wait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jgit.errors.AmbiguousObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * {@link Ancestry} over a local (usually bare) clone of the config repository. When a commit is unknown locally it
 * fetches once through the caller's {@link Fetcher} and looks again; it never writes anything else.
 */
public final class JGitAncestry implements Ancestry {

    /** Brings the local repository up to date with the remote branch; supplied by the caller (credentials live there). */
    @FunctionalInterface
    public interface Fetcher {
        void fetch(Repository repository) throws IOException;
    }

    private final Repository repository;
    private final String trackingRef;
    private final Fetcher fetcher;
    /**
     * How two commits relate never changes once both exist, and every wait on a target asks the same question on
     * every event; remembering the answers keeps the repository out of the hot path.
     */
    private final Map<String, Relation> answers = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Relation> eldest) {
            return size() > 4096;
        }
    };
    private boolean fetched;
    private long lastFetchStarted;

    /**
     * @param trackingRef the local ref that {@code fetcher} updates for our branch, e.g. {@code refs/heads/main} in a
     *     mirror or {@code refs/remotes/origin/main}
     */
    public JGitAncestry(Repository repository, String trackingRef, Fetcher fetcher) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.trackingRef = Objects.requireNonNull(trackingRef, "trackingRef");
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
    }

    @Override
    public Relation relation(String ourCommit, String appliedCommit) {
        Relation obvious = Ancestry.withoutRepository(ourCommit, appliedCommit);
        if (obvious != null) {
            return obvious;
        }
        long asked = System.nanoTime();
        synchronized (this) {
            String key = ourCommit + " " + appliedCommit;
            Relation known = answers.get(key);
            if (known != null) {
                return known;
            }
            Relation relation = relation(ourCommit, appliedCommit, asked);
            if (relation != Relation.UNKNOWN) {
                answers.put(key, relation);
            }
            return relation;
        }
    }

    private Relation relation(String ourCommit, String appliedCommit, long asked) {
        try {
            ObjectId ours = resolve(ourCommit);
            ObjectId applied = resolve(appliedCommit);
            if (ours == null || applied == null) {
                fetchUnlessFetchedSince(asked);
                ours = resolve(ourCommit);
                applied = resolve(appliedCommit);
            }
            if (ours == null || applied == null) {
                return Relation.UNKNOWN;
            }
            if (ours.equals(applied)) {
                return Relation.SAME;
            }
            return isAncestor(ours, applied) ? Relation.DESCENDANT : Relation.NOT_DESCENDANT;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compare " + ourCommit + " with " + appliedCommit, e);
        }
    }

    @Override
    public boolean branchContains(String commit) {
        long asked = System.nanoTime();
        synchronized (this) {
            return branchContains(commit, asked);
        }
    }

    private boolean branchContains(String commit, long asked) {
        try {
            fetchUnlessFetchedSince(asked);
            ObjectId tip = repository.resolve(trackingRef);
            ObjectId wanted = resolve(commit);
            return tip != null && wanted != null && isAncestor(wanted, tip);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + trackingRef, e);
        }
    }

    /**
     * Many waits ask at once (every wait on a target that still shows an older commit); a fetch that began after a
     * caller asked is as fresh as one of its own, so callers that queued behind it share its answer instead of
     * fetching one after another.
     */
    private void fetchUnlessFetchedSince(long asked) throws IOException {
        if (fetched && lastFetchStarted - asked >= 0) {
            return;
        }
        lastFetchStarted = System.nanoTime();
        fetched = true;
        fetcher.fetch(repository);
    }

    private ObjectId resolve(String id) throws IOException {
        try {
            return repository.resolve(id + "^{commit}");
        } catch (AmbiguousObjectException | org.eclipse.jgit.errors.IncorrectObjectTypeException
                | org.eclipse.jgit.errors.RevisionSyntaxException e) {
            return null;
        } catch (org.eclipse.jgit.errors.MissingObjectException e) {
            return null;
        }
    }

    private boolean isAncestor(ObjectId ancestor, ObjectId descendant) throws IOException {
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit a = walk.parseCommit(ancestor);
            RevCommit d = walk.parseCommit(descendant);
            return walk.isMergedInto(a, d);
        }
    }
}
