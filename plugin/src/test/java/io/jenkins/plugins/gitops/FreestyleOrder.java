package io.jenkins.plugins.gitops;

import static org.junit.Assert.assertEquals;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Result;
import hudson.model.TaskListener;
import io.jenkins.plugins.gitops.checkout.CommitOnSuccess;
import io.jenkins.plugins.gitops.testing.FakeRun;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
        end(disposer, build, workspace, listener, steps, Map.of());
    }

    /**
     * As {@link #end(SimpleBuildWrapper.Disposer, FakeRun, FilePath, TaskListener, Steps)}, with post-build actions
     * that read the build's variables while the plugin pushes, as Freestyle's do: each {@code getEnvironment} copies
     * the wrapper's variables with {@code EnvVars.overrideAll} (SimpleBuildWrapper's EnvironmentWrapper.buildEnvVars)
     * on the build's thread. The variables' keys may not change once tear-down has returned, or that copy could fail.
     */
    static void end(SimpleBuildWrapper.Disposer disposer, FakeRun build, FilePath workspace, TaskListener listener,
            Steps steps, Map<String, String> wrapperVariables) throws Exception {
        if (steps == Steps.RETURNED_FALSE) {
            build.setResult(Result.FAILURE);
        }
        try {
            disposer.tearDown(build, workspace, null, listener);
        } finally {
            build.setResult(steps == Steps.THREW ? Result.FAILURE
                    : build.getResult() == null ? Result.SUCCESS : build.getResult());
        }
        Set<String> keysAtTearDown = new TreeSet<>(wrapperVariables.keySet());
        readWhilePushing(disposer, wrapperVariables);
        assertEquals("keys of the wrapper's variables after tear-down", keysAtTearDown,
                new TreeSet<>(wrapperVariables.keySet()));
        awaitPostBuildActions(disposer);
        build.finish();
    }

    private static void readWhilePushing(SimpleBuildWrapper.Disposer disposer, Map<String, String> variables) {
        if (!(disposer instanceof CommitOnSuccess commit) || commit.pushed() == null || variables.isEmpty()) {
            return;
        }
        while (!commit.pushed().isDone()) {
            new EnvVars().overrideAll(variables);
        }
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
