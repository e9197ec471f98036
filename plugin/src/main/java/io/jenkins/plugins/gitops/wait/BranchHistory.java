package io.jenkins.plugins.gitops.wait;

import hudson.AbortException;
import hudson.model.Run;
import io.jenkins.plugins.gitops.GitopsRunAction;
import io.jenkins.plugins.gitops.credentials.CredentialLookup;
import io.jenkins.plugins.gitops.credentials.CredentialsResolver;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Whether a branch of a config repository contains a commit, asked of the controller's branch mirrors (the ones
 * {@code gitopsWait} keeps): the branch's history, not a host's word, says where a merge commit landed.
 */
public final class BranchHistory {
    private final BranchMirrors mirrors;
    private final CredentialLookup credentials;

    public BranchHistory(Supplier<Path> mirrorRoot, CredentialLookup credentials) {
        this.mirrors = new BranchMirrors(mirrorRoot);
        this.credentials = credentials;
    }

    /** The controller's, sharing the mirrors of every {@code gitopsWait}. */
    public static BranchHistory controller() {
        WaitServices services = WaitServices.controller();
        return new BranchHistory(services.mirrors(), services.credentials());
    }

    private BranchHistory(BranchMirrors mirrors, CredentialLookup credentials) {
        this.mirrors = mirrors;
        this.credentials = credentials;
    }

    /** Fetches the commit's branch with the credentials it was pushed with, and tells whether it contains the commit. */
    public boolean contains(Run<?, ?> run, GitopsRunAction.CommitRecord commit) throws AbortException {
        WaitCommit onBranch = WaitCommit.of(commit);
        return mirrors.ancestry(onBranch, new CredentialsResolver(credentials).git(commit.credentialsId(), run))
                .branchContains(commit.getSha());
    }
}
