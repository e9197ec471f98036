package io.jenkins.plugins.gitops.core.wait;

import java.util.Locale;

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
     * The relation when it needs no repository: {@link Relation#UNKNOWN} when no commit was applied,
     * {@link Relation#SAME} when the ids name the same commit; otherwise {@code null}.
     */
    static Relation withoutRepository(String ourCommit, String appliedCommit) {
        if (ourCommit == null || appliedCommit == null || appliedCommit.isBlank()) {
            return Relation.UNKNOWN;
        }
        return sameCommit(ourCommit, appliedCommit) ? Relation.SAME : null;
    }

    /**
     * Whether two commit ids name the same commit without looking into a repository: equal, or one an abbreviation
     * (at least 7 hex digits) of the other. Reconcilers report full ids, Flux chart versions 12 digits.
     */
    static boolean sameCommit(String a, String b) {
        if (a == null || b == null || a.isBlank() || b.isBlank()) {
            return false;
        }
        String x = a.toLowerCase(Locale.ROOT);
        String y = b.toLowerCase(Locale.ROOT);
        return x.equals(y) || (Math.min(x.length(), y.length()) >= 7 && (x.startsWith(y) || y.startsWith(x)));
    }

    /**
     * Whether the branch we pushed to still contains {@code commit} (after a fetch). Used to tell "the reconciler
     * has not caught up yet" from "the branch was reset below our commit". Implementations that cannot tell return
     * {@code true}.
     */
    default boolean branchContains(String commit) {
        return true;
    }
}
