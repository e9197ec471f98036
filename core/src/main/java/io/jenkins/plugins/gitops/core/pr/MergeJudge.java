package io.jenkins.plugins.gitops.core.pr;

import java.util.function.Consumer;

/**
 * Reads what one wait sees of its pull request: a line when what the host says changes, and the end when it is
 * merged, closed, or in conflict. A host may say "cannot be merged" while it is still working that out, so a
 * conflict counts once seen on two reads in a row.
 */
final class MergeJudge {
    private final int number;
    private final Consumer<String> log;
    private PullRequest last;
    private String lastSaid;
    private boolean conflictSeen;
    private String trouble;
    private Blockers blockers = Blockers.NONE;

    MergeJudge(int number, Consumer<String> log) {
        this.number = number;
        this.log = log;
    }

    /** What the host says now; returns the end of the wait, or null to go on. */
    synchronized MergeOutcome saw(PullRequest pr, boolean mergeabilityRead) {
        String said = pr.state() + (pr.mergeState() == null ? "" : ", " + pr.mergeState());
        if (!said.equals(lastSaid)) {
            log.accept("Pull request #" + number + " is " + said + ": " + pr.url());
            lastSaid = said;
        }
        last = pr;
        trouble = null;
        if (pr.state().equals("merged")) return new MergeOutcome.Merged(pr);
        if (pr.state().equals("closed")) {
            return new MergeOutcome.Failed(pr, "pull request #" + number + " was closed without merging");
        }
        if (!mergeabilityRead) return null;
        boolean conflict = Boolean.FALSE.equals(pr.mergeable()) && "dirty".equals(pr.mergeState());
        if (conflict && conflictSeen) {
            return new MergeOutcome.Failed(pr, "pull request #" + number + " has a merge conflict with " + pr.base()
                    + "; it cannot be merged as it is");
        }
        conflictSeen = conflict;
        return null;
    }

    /**
     * What keeps it from being merged, read when the host said it is blocked or unstable: a required check that failed,
     * or a reviewer who asked for changes, ends the wait; what still runs, and checks that failed but are not required,
     * are kept for the diagnosis.
     */
    synchronized MergeOutcome sawBlockers(PullRequest pr, Blockers now) {
        if (!now.equals(blockers) && !now.isEmpty()) log.accept("Pull request #" + number + ": " + now.describe());
        blockers = now;
        if (!now.changesRequested().isEmpty()) {
            return new MergeOutcome.Failed(pr, "pull request #" + number + " cannot be merged as it is: "
                    + String.join(", ", now.changesRequested()) + " requested changes");
        }
        if (!now.failedChecks().isEmpty()) {
            return new MergeOutcome.Failed(pr, "pull request #" + number + " cannot be merged as it is: required check "
                    + String.join(", required check ", now.failedChecks()) + " failed");
        }
        return null;
    }

    /** Whether the last read suggests a conflict that one more read is to confirm. */
    synchronized boolean conflictToConfirm() {
        return conflictSeen;
    }

    /** A failure that passes (a rate limit, a server error), logged once while it lasts. */
    synchronized void troubled(String message) {
        if (!message.equals(trouble)) log.accept(message);
        trouble = message;
    }

    /** The host refused for good (a token it does not take, a pull request it does not have). */
    synchronized MergeOutcome.Failed failed(String reason) {
        return new MergeOutcome.Failed(last, reason);
    }

    synchronized MergeOutcome.TimedOut timedOut() {
        StringBuilder diagnosis = new StringBuilder("Timed out waiting for pull request #" + number + " to be merged");
        if (last != null) {
            diagnosis.append("; it is ").append(last.state());
            if (last.mergeState() != null) diagnosis.append(" (").append(explain(last.mergeState())).append(")");
        }
        if (!blockers.isEmpty()) diagnosis.append("; ").append(blockers.describe());
        if (trouble != null) diagnosis.append("; the host last said: ").append(trouble);
        return new MergeOutcome.TimedOut(last, diagnosis.toString());
    }

    private static String explain(String mergeState) {
        return switch (mergeState) {
            case "blocked" -> "blocked: a required review or check is missing";
            case "behind" -> "behind its base, which the branch protection requires it to include";
            case "unstable" -> "a check that is not required failed";
            case "draft" -> "still a draft";
            case "clean" -> "ready to merge, waiting for someone or auto-merge to merge it";
            case "not_approved" -> "waiting for a required approval";
            case "requested_changes" -> "a reviewer requested changes";
            case "ci_must_pass", "ci_still_running" -> "its pipeline must pass first";
            case "discussions_not_resolved" -> "open discussions must be resolved";
            case "draft_status" -> "still a draft";
            case "need_rebase" -> "it must be rebased on its target";
            default -> mergeState;
        };
    }
}
