package io.jenkins.plugins.gitops.core.wait.flux;

import io.jenkins.plugins.gitops.core.wait.Ancestry;
import io.jenkins.plugins.gitops.core.wait.ConfigCommit;
import io.jenkins.plugins.gitops.core.wait.FluxTarget;
import io.jenkins.plugins.gitops.core.wait.Standing;
import io.jenkins.plugins.gitops.core.wait.WaitOutcome;
import java.util.Set;

/** Decides from one Flux object whether our commit is applied and Ready, still coming, or failed for good. */
public final class FluxJudge {

    /** Verdict of one look. */
    public sealed interface Verdict {
        /**
         * @param behind the object runs an older commit of our branch (asking again for a reconcile may help)
         * @param applied our commit (or a newer one) is applied; only readiness is missing
         */
        record Waiting(String state, boolean behind, boolean applied) implements Verdict {
        }

        record Done(WaitOutcome.Done outcome) implements Verdict {
        }

        record Broken(String reason) implements Verdict {
        }
    }

    /** Ready=False reasons that will not heal by waiting for the same revision. */
    private static final Set<String> TERMINAL = Set.of("BuildFailed", "HealthCheckFailed", "ReconciliationFailed",
            "PruneFailed", "InvalidCELExpression", "AccessDenied", "InstallFailed", "UpgradeFailed", "TestFailed",
            "RollbackSucceeded", "RollbackFailed", "UninstallSucceeded", "UninstallFailed");

    private final FluxTarget target;
    private final ConfigCommit commit;
    private final Ancestry ancestry;

    public FluxJudge(FluxTarget target, ConfigCommit commit, Ancestry ancestry) {
        this.target = target;
        this.commit = commit;
        this.ancestry = ancestry;
    }

    public Verdict judge(FluxObject flux) {
        String what = target.describe();
        FluxObject.Condition stalled = flux.condition("Stalled");
        if (stalled != null && stalled.isTrue()) {
            return new Verdict.Broken(what + " is stalled: " + stalled.reason() + ": " + stalled.message());
        }
        FluxObject.Condition ready = flux.condition("Ready");
        String attemptedText = flux.attemptedRevisionText();
        Standing attempted = Standing.of(ancestry, commit.sha(), FluxObject.commitOf(attemptedText));
        boolean readyIsCurrent = ready != null
                && (ready.observedGeneration() == 0 || ready.observedGeneration() == flux.generation());
        if (ready != null && "False".equals(ready.status()) && TERMINAL.contains(ready.reason())
                && attempted.containsOurs() && readyIsCurrent) {
            return new Verdict.Broken(what + " failed to apply " + attemptedText + ": " + ready.reason() + ": "
                    + ready.message());
        }
        String appliedText = flux.appliedRevisionText();
        String appliedCommit = FluxObject.commitOf(appliedText);
        if (appliedText != null && appliedCommit == null && target.kind() == FluxTarget.Kind.HELM_RELEASE) {
            return new Verdict.Broken(what + " runs chart version " + appliedText + ", which names no commit; build the"
                    + " chart from the GitRepository with reconcileStrategy: Revision so that it can be traced");
        }
        Standing applied = Standing.of(ancestry, commit.sha(), appliedCommit);
        String readyText = ready == null ? "Ready unknown" : "Ready=" + ready.status() + " " + ready.reason();
        String state = "applied " + (appliedText == null ? "(nothing)" : appliedText) + ", attempted "
                + (attemptedText == null ? "(nothing)" : attemptedText) + ", " + readyText;
        switch (applied) {
            case DIVERGED:
                return new Verdict.Broken(what + " applied " + appliedText + ", which does not contain "
                        + commit.shortSha() + ": the branch " + commit.branch()
                        + " was rewritten (force push or reset) or our commit was dropped");
            case OURS:
            case NEWER:
                FluxObject.Condition reconciling = flux.condition("Reconciling");
                boolean observed = flux.observedGeneration() == flux.generation();
                if (ready != null && ready.isTrue() && observed && (reconciling == null || !reconciling.isTrue())) {
                    boolean superseded = applied == Standing.NEWER;
                    return new Verdict.Done(new WaitOutcome.Done(what + " is Ready "
                            + (superseded ? "and applied our commit as part of " + appliedCommit : "at " + appliedText),
                            appliedCommit, superseded));
                }
                return new Verdict.Waiting(state + (observed ? "" : ", generation " + flux.generation()
                        + " not yet observed"), false, true);
            case BEHIND:
                return new Verdict.Waiting(state, true, false);
            default:
                return new Verdict.Waiting(state, false, false);
        }
    }
}
