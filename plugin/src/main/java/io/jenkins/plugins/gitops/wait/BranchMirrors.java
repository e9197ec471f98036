package io.jenkins.plugins.gitops.wait;

import io.jenkins.plugins.gitops.core.git.BranchMirror;
import io.jenkins.plugins.gitops.core.git.TransportOptions;
import io.jenkins.plugins.gitops.core.git.Urls;
import io.jenkins.plugins.gitops.core.wait.Ancestry;
import io.jenkins.plugins.gitops.core.wait.JGitAncestry;
import io.jenkins.plugins.gitops.credentials.GitAuth;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Bare mirrors of config branches in one folder of the controller, one per repository and branch, shared by all
 * waits: Argo CD and Flux report only commit IDs, and whether an applied commit contains ours is answered here.
 */
final class BranchMirrors {
    /**
     * Ancestry for a commit of an unknown repository: only the commit itself is recognised; a newer commit that
     * contains it cannot be told from an unrelated one.
     */
    static final Ancestry SAME_COMMIT_ONLY = (ours, applied) -> Ancestry.sameCommit(ours, applied)
            ? Ancestry.Relation.SAME : Ancestry.Relation.UNKNOWN;

    private final Supplier<Path> root;
    private final Map<Path, BranchMirror> open = new ConcurrentHashMap<>();

    /** @param root the folder, asked for on first use (the controller's home may not be known before) */
    BranchMirrors(Supplier<Path> root) {
        this.root = root;
    }

    /**
     * Ancestry over the mirror of the commit's branch, fetching with {@code auth} (credentials and proxy) when a commit
     * is missing.
     */
    Ancestry ancestry(WaitCommit commit, GitAuth auth) {
        if (!commit.knowsRepository()) {
            return SAME_COMMIT_ONLY;
        }
        TransportOptions transport = commit.transport();
        Path dir = root.get().resolve(Urls.cacheKey(commit.repositoryUrl(), commit.branch()) + "-"
                + Urls.cacheKey(hostKeyPolicy(transport)) + ".git");
        BranchMirror mirror = open.computeIfAbsent(dir,
                d -> BranchMirror.open(d, commit.repositoryUrl(), commit.branch(), transport));
        return new JGitAncestry(mirror.repository(), mirror.trackingRef(), repository -> mirror.fetch(auth.toEngine(), auth.proxy()));
    }

    /**
     * Part of the mirror's name, so that waits whose commits were pushed with other host keys never share a mirror,
     * which keeps the host keys it was opened with.
     */
    private static String hostKeyPolicy(TransportOptions transport) {
        return (transport.acceptUnknownHosts() ? "accept-new" : "strict") + "\n" + transport.knownHosts();
    }
}
