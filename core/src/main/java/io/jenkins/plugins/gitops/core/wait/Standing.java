package io.jenkins.plugins.gitops.core.wait;

/** Where a revision seen at a reconciler stands relative to our commit; one ancestry question answered both ways. */
public enum Standing {
    /** It is our commit. */
    OURS,
    /** It contains our commit: ours was applied as part of it. */
    NEWER,
    /** Our commit contains it: the reconciler has not caught up yet. */
    BEHIND,
    /** Neither contains the other: the branch was rewritten, or this is another line of history. */
    DIVERGED,
    /** No revision, or it is not in the config repository. */
    UNKNOWN;

    public boolean containsOurs() {
        return this == OURS || this == NEWER;
    }

    public static Standing of(Ancestry ancestry, String ours, String seen) {
        if (seen == null || seen.isBlank()) {
            return UNKNOWN;
        }
        switch (ancestry.relation(ours, seen)) {
            case SAME:
                return OURS;
            case DESCENDANT:
                return NEWER;
            case UNKNOWN:
                return UNKNOWN;
            default:
                Ancestry.Relation reverse = ancestry.relation(seen, ours);
                return reverse == Ancestry.Relation.DESCENDANT ? BEHIND
                        : reverse == Ancestry.Relation.UNKNOWN ? UNKNOWN : DIVERGED;
        }
    }

    public static String shortSha(String sha) {
        return sha == null ? "(none)" : sha.length() > 12 ? sha.substring(0, 12) : sha;
    }
}
