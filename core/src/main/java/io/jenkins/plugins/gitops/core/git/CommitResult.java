package io.jenkins.plugins.gitops.core.git;

import java.util.List;

/**
 * What a gitops commit did.
 *
 * @param commit         the pushed commit; the branch head when nothing changed or in a dry run; the earlier commit
 *                       when {@code alreadyPresent}
 * @param changed        whether the branch holds a commit of ours with this change: made now, or by an earlier run with
 *                       the same idempotency key ({@code alreadyPresent}); or would, in a dry run. False when the
 *                       branch already had these values and nothing was committed. {@link #created()} says whether
 *                       this run made the commit
 * @param repository     the URL without user-info
 * @param branch         the branch that was used (resolved when the request left it open)
 * @param files          changed paths, sorted
 * @param attempts       push attempts made (0 when nothing was pushed)
 * @param diff           unified diff of the change, for the log
 * @param dryRun         nothing was committed or pushed on purpose
 * @param alreadyPresent the idempotency key was found on the branch, so no second commit was made
 * @param warnings       things the user should know, such as values of other commits that were overwritten
 * @param replaced       the values the new commit replaced, as its {@code Gitops-Replaced} trailers say (whole files
 *                       are in {@code files}: the parent holds what they were)
 */
public record CommitResult(String commit, boolean changed, String repository, String branch, List<String> files,
        int attempts, String diff, boolean dryRun, boolean alreadyPresent, List<String> warnings,
        List<io.jenkins.plugins.gitops.core.change.Replaced> replaced) {
    public CommitResult {
        files = List.copyOf(files);
        warnings = List.copyOf(warnings);
        replaced = replaced == null ? List.of() : List.copyOf(replaced);
    }

    /** A result that replaced no recorded value: nothing committed, an earlier commit, a dry run, a checkout's files. */
    public CommitResult(String commit, boolean changed, String repository, String branch, List<String> files,
            int attempts, String diff, boolean dryRun, boolean alreadyPresent, List<String> warnings) {
        this(commit, changed, repository, branch, files, attempts, diff, dryRun, alreadyPresent, warnings, List.of());
    }

    /** Whether this run made and pushed a new commit (not a dry run, not an earlier run's commit). */
    public boolean created() {
        return changed && !alreadyPresent && !dryRun;
    }
}
