package io.jenkins.plugins.gitops.cli;

import io.jenkins.plugins.gitops.core.git.BranchMirror;
import io.jenkins.plugins.gitops.core.git.Credentials;
import io.jenkins.plugins.gitops.core.wait.Ancestry;
import io.jenkins.plugins.gitops.core.wait.ConfigCommit;
import io.jenkins.plugins.gitops.core.wait.JGitAncestry;
import java.io.IOException;

/** A pushed commit with the mirror that answers ancestry questions about it while a wait runs. */
record TrackedCommit(ConfigCommit commit, BranchMirror mirror, Credentials credentials, MirrorLock lock)
        implements AutoCloseable {

    TrackedCommit of(ConfigCommit found) {
        return new TrackedCommit(found, mirror, credentials, lock);
    }

    void fetch() throws IOException {
        lock.holding(() -> {
            mirror.fetch(credentials);
            return null;
        });
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
