package io.jenkins.plugins.gitops.core.pr;

import java.util.List;
import java.util.Optional;

/** The pull requests of one repository on one git host, through its API, with one token. */
public interface PullRequestHost {
    /** Refuses what the host cannot do (labels on Bitbucket), before anything is committed or pushed. */
    default void check(PullRequestSpec spec) {
    }

    /** The pull request from {@code branch} into {@code base}, open or not, newest first; empty when there is none. */
    Optional<PullRequest> find(String branch, String base);

    /** Opens the pull request, or finds the one the host says already exists. */
    PullRequest open(String branch, String base, PullRequestSpec spec, String body);

    /** Brings title and description up to date on a pull request an earlier run opened. */
    PullRequest update(PullRequest pr, PullRequestSpec spec, String body);

    void addLabels(PullRequest pr, List<String> labels);

    void requestReviewers(PullRequest pr, List<String> reviewers);

    PullRequest get(int number);

    /**
     * Asks the host to merge the pull request with {@code method} ({@code merge}, {@code squash}, {@code rebase}) once
     * its checks and reviews pass, or merges it now where the host says nothing is missing; says what it did.
     */
    String enableAutoMerge(PullRequest pr, String method);

    /**
     * One page (from 1) of the repository's pull requests, open or not, most recently updated first; with
     * {@code etag} from the last first page, the host may answer that nothing changed.
     */
    RecentPulls recent(int page, String etag);

    /** Whether {@link #recent} shows whether each pull request can be merged, or only {@link #get} does. */
    boolean listShowsMergeability();

    /**
     * The checks and reviews that keep it from being merged, by name; {@link Blockers#NONE} where the host's
     * merge state says it already ({@link #blockersCost()} 0).
     */
    default Blockers blockers(PullRequest pr) {
        return Blockers.NONE;
    }

    /** How many requests {@link #get} takes. */
    default int readCost() {
        return 1;
    }

    /** How many requests {@link #blockers} takes. */
    default int blockersCost() {
        return 0;
    }

    /** The same for every host object of one API, repository and token, and never the token itself. */
    String watchKey();
}
