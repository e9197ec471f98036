package io.jenkins.plugins.gitops.core.pr;

import io.jenkins.plugins.gitops.core.git.Sleeper;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Waits until a pull request is merged, and ends with the merge commit as the host reports it; fails fast with the
 * reason when it is closed without merging or cannot be merged (a conflict). Polls with a growing interval, and waits
 * out a rate limit for as long as the host says.
 */
public final class MergeWait {
    /** How a wait ended. */
    public sealed interface Outcome permits Merged, Failed, TimedOut {
        PullRequest pullRequest();
    }

    public record Merged(PullRequest pullRequest) implements Outcome {}

    public record Failed(PullRequest pullRequest, String reason) implements Outcome {}

    public record TimedOut(PullRequest pullRequest, String diagnosis) implements Outcome {}

    private final Sleeper sleeper;
    private final Duration firstPoll;
    private final Duration longestPoll;

    public MergeWait(Sleeper sleeper, Duration firstPoll, Duration longestPoll) {
        this.sleeper = sleeper;
        this.firstPoll = firstPoll;
        this.longestPoll = longestPoll;
    }

    /**
     * @param deadline a {@link System#nanoTime()} value
     * @param log      one line per change of what the host says
     */
    public Outcome await(PullRequestHost host, int number, long deadline, Consumer<String> log) throws InterruptedException {
        Duration poll = firstPoll;
        PullRequest last = null;
        String lastSaid = null;
        boolean conflictSeen = false;
        while (true) {
            try {
                PullRequest pr = host.get(number);
                String said = pr.state() + (pr.mergeState() == null ? "" : ", " + pr.mergeState());
                if (!said.equals(lastSaid)) {
                    log.accept("Pull request #" + number + " is " + said + ": " + pr.url());
                    lastSaid = said;
                    poll = firstPoll;
                }
                last = pr;
                if (pr.state().equals("merged")) {
                    return new Merged(pr);
                }
                if (pr.state().equals("closed")) {
                    return new Failed(pr, "pull request #" + number + " was closed without merging");
                }
                // A host may say "not mergeable" while it is still checking: a conflict counts once seen twice.
                boolean conflict = Boolean.FALSE.equals(pr.mergeable()) && "dirty".equals(pr.mergeState());
                if (conflict && conflictSeen) {
                    return new Failed(pr, "pull request #" + number + " has a merge conflict with " + pr.base()
                            + "; it cannot be merged as it is");
                }
                conflictSeen = conflict;
            } catch (PullRequestException e) {
                if (e.retryAfter() == null) throw e;
                log.accept(e.getMessage() + "; asking again in " + e.retryAfter().toSeconds() + " s");
                poll = e.retryAfter().compareTo(poll) > 0 ? e.retryAfter() : poll;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return new TimedOut(last, "Timed out waiting for pull request #" + number + " to be merged"
                        + (last == null ? "" : "; it is " + last.state()
                        + (last.mergeState() == null ? "" : " (" + explain(last.mergeState()) + ")")));
            }
            sleeper.sleep(Duration.ofNanos(Math.min(left, poll.toNanos())));
            Duration doubled = poll.multipliedBy(2);
            poll = doubled.compareTo(longestPoll) > 0 ? longestPoll : doubled;
        }
    }

    private static String explain(String mergeState) {
        return switch (mergeState) {
            case "blocked" -> "blocked: a required review or check is missing";
            case "behind" -> "behind its base, which the branch protection requires it to include";
            case "unstable" -> "a check that is not required failed";
            case "draft" -> "still a draft";
            case "clean" -> "ready to merge, waiting for someone or auto-merge to merge it";
            default -> mergeState;
        };
    }
}
