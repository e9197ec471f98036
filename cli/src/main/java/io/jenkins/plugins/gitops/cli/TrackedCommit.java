package io.jenkins.plugins.gitops.cli;

import io.jenkins.plugins.gitops.core.git.BranchMirror;
import io.jenkins.plugins.gitops.core.git.Credentials;
import io.jenkins.plugins.gitops.core.wait.Ancestry;
import io.jenkins.plugins.gitops.core.wait.ConfigCommit;
import io.jenkins.plugins.gitops.core.wait.JGitAncestry;
import java.io.IOException;
import java.util.Objects;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;

/** A pushed commit with the mirror that answers ancestry questions about it while a wait runs. */
record TrackedCommit(ConfigCommit commit, BranchMirror mirror, Credentials credentials, MirrorLock lock)
        implements AutoCloseable {

    TrackedCommit of(ConfigCommit found) {
        return new TrackedCommit(found, mirror, credentials, lock);
    }

    /** Fetches the branch, unless another process fetched it while this one waited for the mirror's lock. */
    void fetch() throws IOException {
        ObjectId before = tip();
        lock.holding(() -> {
            if (Objects.equals(before, tip())) {
                mirror.fetch(credentials);
            }
            return null;
        });
    }

    private ObjectId tip() throws IOException {
        Ref ref = mirror.repository().exactRef(mirror.trackingRef());
        return ref == null ? null : ref.getObjectId();
    }

    Ancestry ancestry() {
        return new JGitAncestry(mirror.repository(), mirror.trackingRef(), repository -> fetch());
    }

    @Override
    public void close() {
        mirror.close();
    }

    @Override
    public String toString() {
        return "TrackedCommit[" + commit + "]";
    }
}
