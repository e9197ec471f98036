package io.jenkins.plugins.gitops.checkout;

import hudson.model.Result;
import hudson.model.Run;
import io.jenkins.plugins.gitops.core.concurrent.OwnThreads;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The result of a Freestyle build, as soon as Jenkins decides it. Build environments are torn down before that:
 * {@code AbstractBuild.AbstractBuildExecution.run} tears them down in a {@code finally} while a build step's
 * {@code AbortException} is still on its way to {@code Run.execute}, which only then sets FAILURE; and a build whose
 * steps all succeeded has no result at tear-down either (SUCCESS is set afterwards). So at tear-down a missing result
 * says nothing, and the push waits here for the real one, which the executor sets right after.
 */
final class FreestyleResult {
    private static final long POLL_MILLIS = 10;
    private static final ScheduledExecutorService TIMER =
            Executors.newSingleThreadScheduledExecutor(OwnThreads.daemonsNamed("gitops-build-result"));

    private FreestyleResult() {}

    /** Completes with the build's result once it has one; with NOT_BUILT if the build ends without one. */
    static CompletableFuture<Result> decided(Run<?, ?> build) {
        CompletableFuture<Result> decided = new CompletableFuture<>();
        Runnable check = () -> {
            Result result = build.getResult();
            if (result != null) {
                decided.complete(result);
            } else if (!build.isBuilding()) {
                decided.complete(Result.NOT_BUILT);
            }
        };
        var polling = TIMER.scheduleWithFixedDelay(check, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
        decided.whenComplete((result, failure) -> polling.cancel(false));
        return decided;
    }
}
