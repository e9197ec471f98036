package io.jenkins.plugins.gitops.core.wait;

/**
 * Answers how an applied commit relates to ours. Reconcilers report only commit ids, so whether a newer commit
 * still contains our change must be decided in the config repository.
 */
@FunctionalInterface
public interface Ancestry {

    /** How {@code appliedCommit} relates to {@code ourCommit}. */
    enum Relation {
        /** The same commit (an abbreviated id that matches counts as the same). */
        SAME,
        /** {@code appliedCommit} contains {@code ourCommit} in its history. */
        DESCENDANT,
        /** {@code appliedCommit} does not contain {@code ourCommit}: older, or on another line of history. */
        NOT_DESCENDANT,
        /** One of the commits could not be found, even after fetching. */
        UNKNOWN;

        public boolean containsOurs() {
            return this == SAME || this == DESCENDANT;
        }
    }

    Relation relation(String ourCommit, String appliedCommit);

    /**
     * Whether the branch we pushed to still contains {@code commit} (after a fetch). Used to tell "the reconciler
     * has not caught up yet" from "the branch was reset below our commit". Implementations that cannot tell return
     * {@code true}.
     */
    default boolean branchContains(String commit) {
        return true;
    }
}
