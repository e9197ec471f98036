package io.jenkins.plugins.gitops.core.revert;

import io.jenkins.plugins.gitops.core.change.Undo;
import io.jenkins.plugins.gitops.core.git.CommitResult;
import java.util.List;

/**
 * What a revert did.
 *
 * @param reverted      the commit that was to be undone (full SHA)
 * @param commit        the revert's own commit result; the branch's tip when nothing was to be restored
 * @param revertedBy    the commit that had already reverted it (ours or anyone's), else null
 * @param restored      what was set back: files, or {@code file path} for single values
 * @param kept          what someone changed since, left as it is
 * @param alreadyUndone what was already as before the reverted commit
 */
public record RevertResult(String reverted, CommitResult commit, String revertedBy, List<String> restored,
        List<Undo.Kept> kept, List<String> alreadyUndone) {
    public RevertResult {
        restored = List.copyOf(restored);
        kept = List.copyOf(kept);
        alreadyUndone = List.copyOf(alreadyUndone);
    }

    /** Whether something of the reverted commit stays, because someone changed it since. */
    public boolean partial() {
        return !kept.isEmpty();
    }

    /** Whether this run made and pushed the revert commit. */
    public boolean created() {
        return commit != null && commit.created();
    }
}
