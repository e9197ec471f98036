package io.jenkins.plugins.gitops;

import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Result;
import hudson.model.TaskListener;
import io.jenkins.plugins.gitops.checkout.CommitOnSuccess;
import io.jenkins.plugins.gitops.testing.FakeRun;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import jenkins.tasks.SimpleBuildWrapper;

/**
 * The end of a Freestyle build in Jenkins' own order of calls (jenkinsci/jenkins at jenkins-2.541.3):
 * {@code Build.BuildExecution.doRun} runs the build steps and sets FAILURE only for a step that returned false;
 * {@code AbstractBuild.AbstractBuildExecution.run} tears the build environments down in a {@code finally}, so also
 * while a step's exception is on its way out; {@code Run.execute} then sets FAILURE for that exception
 * ({@code AbortException}, which every {@code SimpleBuildStep} throws), or the result {@code run} returned, SUCCESS
 * when none was set; then post-build actions run, and the build ends.
 */
final class FreestyleOrder {
    /** How the build steps ended. */
    enum Steps { PASSED, RETURNED_FALSE, THREW }

    private FreestyleOrder() {}

    static void end(SimpleBuildWrapper.Disposer disposer, FakeRun build, FilePath workspace, TaskListener listener,
            Steps steps) throws Exception {
        if (steps == Steps.RETURNED_FALSE) {
            build.setResult(Result.FAILURE);
        }
        try {
            disposer.tearDown(build, workspace, null, listener);
        } finally {
            build.setResult(steps == Steps.THREW ? Result.FAILURE
                    : build.getResult() == null ? Result.SUCCESS : build.getResult());
        }
        awaitPostBuildActions(disposer);
        build.finish();
    }

    /** Post-build actions run while the plugin pushes; this waits for the push, as a test must. */
    private static void awaitPostBuildActions(SimpleBuildWrapper.Disposer disposer) throws Exception {
        if (!(disposer instanceof CommitOnSuccess commit) || commit.pushed() == null) {
            return;
        }
        try {
            commit.pushed().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AbortException abort) {
                throw abort;
            }
            throw e;
        }
    }
}
