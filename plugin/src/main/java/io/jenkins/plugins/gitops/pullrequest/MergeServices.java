package io.jenkins.plugins.gitops.pullrequest;

import io.jenkins.plugins.gitops.core.concurrent.OwnThreads;
import io.jenkins.plugins.gitops.core.pr.MergeWatch;
import io.jenkins.plugins.gitops.credentials.CredentialLookup;
import io.jenkins.plugins.gitops.wait.BranchHistory;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * What every {@code gitopsWaitForMerge} of a controller shares: one merge watch (its pollers, one per repository and
 * token, and their threads), the credentials lookup, the branch mirrors that say where a merge commit landed, and one
 * thread that writes what the
 * pollers report (log lines, the outcome saved with the build). A waiting step keeps none of it in its persisted
 * state; it asks for {@link #controller()} again after a restart.
 */
record MergeServices(MergeWatch watch, CredentialLookup credentials, BranchHistory history, Executor reports) {

    MergeServices(MergeWatch watch, CredentialLookup credentials, BranchHistory history) {
        this(watch, credentials, history, reportThread());
    }

    private static Executor reportThread() {
        ThreadPoolExecutor reports = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                OwnThreads.daemonsNamed("gitops-merge-wait-report"));
        reports.allowCoreThreadTimeOut(true);
        return reports;
    }

    static MergeServices controller() {
        return Controller.SERVICES;
    }

    private static final class Controller {
        static final MergeServices SERVICES = new MergeServices(MergeWatch.create(), CredentialLookup.JENKINS,
                BranchHistory.controller());
    }
}
