package io.jenkins.plugins.gitops.core.pr;

import java.util.ArrayList;
import java.util.List;

/**
 * What keeps a pull request from being merged, by name, as its host tells: checks on its head that failed or still
 * run, and reviewers who asked for changes.
 *
 * @param failedChecks     required checks that failed, {@code name (conclusion): link}: the merge cannot happen
 * @param pendingChecks    {@code name (status)}
 * @param changesRequested logins of the reviewers whose last review asks for changes
 * @param otherFailures    checks that failed and are not known to be required, {@code name (conclusion): link}
 */
public record Blockers(List<String> failedChecks, List<String> pendingChecks, List<String> changesRequested,
        List<String> otherFailures) {
    public static final Blockers NONE = new Blockers(List.of(), List.of(), List.of(), List.of());

    public Blockers(List<String> failedChecks, List<String> pendingChecks, List<String> changesRequested) {
        this(failedChecks, pendingChecks, changesRequested, List.of());
    }

    public Blockers {
        failedChecks = List.copyOf(failedChecks);
        pendingChecks = List.copyOf(pendingChecks);
        changesRequested = List.copyOf(changesRequested);
        otherFailures = List.copyOf(otherFailures);
    }

    public boolean isEmpty() {
        return failedChecks.isEmpty() && pendingChecks.isEmpty() && changesRequested.isEmpty() && otherFailures.isEmpty();
    }

    /** One line: what failed, what runs, who asked for changes. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        failedChecks.forEach(c -> parts.add("required check " + c + " failed"));
        otherFailures.forEach(c -> parts.add("check " + c + " failed"));
        changesRequested.forEach(r -> parts.add(r + " requested changes"));
        pendingChecks.forEach(c -> parts.add("check " + c + " has not finished"));
        return String.join("; ", parts);
    }
}
