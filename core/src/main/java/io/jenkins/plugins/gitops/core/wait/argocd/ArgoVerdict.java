package io.jenkins.plugins.gitops.core.wait.argocd;

import io.jenkins.plugins.gitops.core.wait.WaitOutcome;
import java.util.List;

/** What one look at an application means for our wait. */
public sealed interface ArgoVerdict {

    /** Not there yet; {@code behind} when Argo CD still shows a commit older than ours. */
    record Waiting(String state, boolean behind) implements ArgoVerdict {
    }

    /** A manual-sync application shows our commit (or a newer one) OutOfSync: sync it to {@code revision}. */
    record NeedsSync(String state, String revision, int sourceIndex) implements ArgoVerdict {
    }

    /** Synced on our commit but Degraded; {@code unhealthy} may be empty when the application lacks resource health. */
    record Degraded(String reason, List<String> unhealthy) implements ArgoVerdict {
    }

    record Done(WaitOutcome.Done outcome) implements ArgoVerdict {
    }

    record Broken(String reason) implements ArgoVerdict {
    }
}
