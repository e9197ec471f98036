package io.jenkins.plugins.gitops.core.wait.argocd;

import io.jenkins.plugins.gitops.core.wait.Ancestry;
import io.jenkins.plugins.gitops.core.wait.ConfigCommit;
import io.jenkins.plugins.gitops.core.wait.Standing;
import io.jenkins.plugins.gitops.core.wait.WaitOutcome;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Decides, from one application snapshot, whether our commit is live and healthy, still on its way, or will never
 * get there. Pure: no I/O except ancestry questions.
 */
public final class ArgoJudge {

    private static final Pattern SHA = Pattern.compile("[0-9a-fA-F]{7,64}");

    private final ConfigCommit commit;
    private final Ancestry ancestry;
    private final boolean mayStartSync;

    public ArgoJudge(ConfigCommit commit, Ancestry ancestry, boolean mayStartSync) {
        this.commit = commit;
        this.ancestry = ancestry;
        this.mayStartSync = mayStartSync;
    }

    public ArgoVerdict judge(ArgoApplication app) {
        int index = app.sourceIndex(commit.repositoryUrl());
        if (index < 0) {
            return new ArgoVerdict.Broken("application " + app.name() + " does not track " + commit.repositoryUrl()
                    + "; its sources: " + app.sources().stream().map(ArgoApplication.Source::repoUrl).toList());
        }
        String trackingProblem = trackingProblem(app.sources().get(index).targetRevision());
        if (trackingProblem != null) {
            return new ArgoVerdict.Broken("application " + app.name() + " " + trackingProblem);
        }
        String ours = commit.sha();

        String operationRevision = app.operationRevision(index);
        Standing operationStanding = Standing.of(ancestry, ours, operationRevision);
        if (isFailedPhase(app.phase()) && operationStanding.containsOurs()) {
            return new ArgoVerdict.Broken(syncFailure(app, operationRevision));
        }
        for (String message : app.conditionMessages("SyncError")) {
            if (mentionsOursOrNewer(message)) {
                return new ArgoVerdict.Broken("Argo CD gave up syncing: " + message);
            }
        }

        String desired = app.desiredRevision(index);
        Standing standing = Standing.of(ancestry, ours, desired);
        switch (standing) {
            case UNKNOWN:
                return new ArgoVerdict.Waiting(desired == null ? "no revision resolved yet (sync " + app.syncStatus() + ")"
                        : "revision " + Standing.shortSha(desired) + " is not in the config repository", false);
            case BEHIND:
                return new ArgoVerdict.Waiting("Argo CD still compares against older " + Standing.shortSha(desired)
                        + " (sync " + app.syncStatus() + ", health " + app.health() + ")", true);
            case DIVERGED:
                return new ArgoVerdict.Broken("Argo CD now targets " + desired + ", which does not contain "
                        + commit.shortSha() + ": the branch " + commit.branch()
                        + " was rewritten (force push or reset) or our commit was dropped");
            default:
                break;
        }
        if (app.operationRequested() || "Running".equals(app.phase()) || "Terminating".equals(app.phase())) {
            return new ArgoVerdict.Waiting("operation " + nonNull(app.phase(), "requested") + " for "
                    + Standing.shortSha(operationRevision) + messageSuffix(app.operationMessage()), false);
        }
        if (!"Synced".equals(app.syncStatus())) {
            String state = app.syncStatus() + " at " + Standing.shortSha(desired) + ", health " + app.health();
            if (app.autoSync()) {
                return new ArgoVerdict.Waiting(state + "; waiting for auto-sync", false);
            }
            if (mayStartSync && !(operationStanding.containsOurs() && "Succeeded".equals(app.phase())
                    && desired.equalsIgnoreCase(operationRevision))) {
                return new ArgoVerdict.NeedsSync(state, desired, index);
            }
            return new ArgoVerdict.Waiting(state + "; manual-sync application, waiting for someone to sync", false);
        }
        if (app.hasOperationState() && "Succeeded".equals(app.phase())) {
            Instant finished = app.finishedAt();
            Instant reconciled = app.reconciledAt();
            if (finished == null || reconciled == null || reconciled.isBefore(finished)) {
                return new ArgoVerdict.Waiting("sync finished, waiting for the controller to reconcile", false);
            }
        }
        String health = app.health();
        String at = "at " + Standing.shortSha(desired)
                + (standing == Standing.NEWER ? ", a newer commit that contains " + commit.shortSha() : "");
        if ("Healthy".equals(health)) {
            return new ArgoVerdict.Done(new WaitOutcome.Done("Argo CD application " + app.name() + " is Synced and Healthy "
                    + at, desired, standing == Standing.NEWER));
        }
        if ("Degraded".equals(health)) {
            return new ArgoVerdict.Degraded("application " + app.name() + " is Degraded " + at
                    + messageSuffix(app.healthMessage()), app.unhealthyResources(true));
        }
        return new ArgoVerdict.Waiting("Synced " + at + ", health " + health + messageSuffix(app.healthMessage()), false);
    }

    /** Null when the source's targetRevision follows our branch, else what is wrong. */
    String trackingProblem(String targetRevision) {
        String target = targetRevision == null ? "" : targetRevision.trim();
        if (target.startsWith("refs/heads/")) {
            target = target.substring("refs/heads/".length());
        }
        if (target.isEmpty() || target.equals("HEAD")) {
            if (commit.defaultBranch() == null || commit.defaultBranch().equals(commit.branch())) {
                return null;
            }
            return "follows the default branch " + commit.defaultBranch() + ", not " + commit.branch();
        }
        if (target.equals(commit.branch())) {
            return null;
        }
        if (SHA.matcher(target).matches()) {
            return "is pinned to commit " + target + " and will not follow branch " + commit.branch();
        }
        return "tracks targetRevision " + target + ", not branch " + commit.branch();
    }

    private String syncFailure(ArgoApplication app, String revision) {
        StringBuilder reason = new StringBuilder("sync to " + Standing.shortSha(revision) + " " + app.phase()
                + messageSuffix(app.operationMessage()));
        List<String> failed = app.failedResources();
        if (!failed.isEmpty()) {
            reason.append("; failed resources: ").append(String.join("; ", failed));
        }
        return reason.toString();
    }

    private boolean mentionsOursOrNewer(String message) {
        var matcher = Pattern.compile("\\b[0-9a-f]{40}\\b").matcher(message);
        while (matcher.find()) {
            if (Standing.of(ancestry, commit.sha(), matcher.group()).containsOurs()) {
                return true;
            }
        }
        return false;
    }

    private static boolean isFailedPhase(String phase) {
        return "Failed".equals(phase) || "Error".equals(phase);
    }

    private static String messageSuffix(String message) {
        return message == null || message.isEmpty() ? "" : ": " + message;
    }

    private static String nonNull(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
