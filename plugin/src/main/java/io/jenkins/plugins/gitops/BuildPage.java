package io.jenkins.plugins.gitops;

import hudson.model.Run;

/** What a build shows about the config commits it made. */
final class BuildPage {
    private BuildPage() {}

    /**
     * Called once a build has landed (or found) its config commit. The hook for the run action that shows it on the
     * build page ({@code GitopsRunAction}); it records nothing until that action is wired in here.
     */
    static void recordCommit(Run<?, ?> run, CommitOutcome outcome) {
    }
}
