package io.jenkins.plugins.gitops.revert;

import io.jenkins.plugins.gitops.commit.CommitOutcome;
import io.jenkins.plugins.gitops.core.change.Undo;
import io.jenkins.plugins.gitops.core.revert.RevertResult;
import java.io.PrintStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code gitopsRevert} (or a wait's {@code onFailure: 'revert'}) did, as plain values for the pipeline, the log
 * and the build page.
 *
 * @param landed the revert commit, as {@code gitopsCommit} reports its own (pull request and signature included)
 */
public record RevertOutcome(String reverted, CommitOutcome landed, String revertedBy, List<String> restored,
        List<String> kept, List<String> alreadyUndone) implements Serializable {
    public RevertOutcome {
        restored = List.copyOf(restored);
        kept = List.copyOf(kept);
        alreadyUndone = List.copyOf(alreadyUndone);
    }

    public static RevertOutcome of(RevertResult r, CommitOutcome landed) {
        return new RevertOutcome(r.reverted(), landed, r.revertedBy(), r.restored(),
                r.kept().stream().map(Undo.Kept::describe).toList(), r.alreadyUndone());
    }

    public boolean partial() {
        return !kept.isEmpty();
    }

    /** The revert commit, or the branch's tip when nothing was to be restored, or the earlier revert. */
    public String commit() {
        return revertedBy != null ? revertedBy : landed.commit();
    }

    /** The step's return value: plain types that Pipeline's sandbox and serialization accept. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>(landed.toMap());
        map.put("commit", commit());
        map.put("reverted", reverted);
        map.put("alreadyReverted", revertedBy != null);
        map.put("revertedBy", revertedBy);
        map.put("partial", partial());
        map.put("restored", new ArrayList<>(restored));
        map.put("kept", new ArrayList<>(kept));
        map.put("alreadyUndone", new ArrayList<>(alreadyUndone));
        return map;
    }

    /** One line for the log saying what the revert came to, after the kept values one per line. */
    public void report(PrintStream log) {
        for (String k : kept) log.println("[gitops] not reverted, changed since: " + k);
        String what = revertedBy != null ? reverted + " was already reverted by " + revertedBy
                : landed.created() ? "reverted " + reverted + " with " + landed.commit()
                        + (partial() ? " (partly: " + kept.size() + " kept)" : "")
                : "nothing to revert of " + reverted + ": the branch already has what it replaced";
        log.println("[gitops] " + landed.repository() + " " + landed.branch() + ": " + what);
    }
}
