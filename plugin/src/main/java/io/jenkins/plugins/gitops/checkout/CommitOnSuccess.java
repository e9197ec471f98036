package io.jenkins.plugins.gitops.checkout;

import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.gitops.commit.CommitOutcome;
import io.jenkins.plugins.gitops.credentials.CredentialLookup;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import jenkins.tasks.SimpleBuildWrapper;

/**
 * The end of the build environment option "Commit to a GitOps config repository": once the build has succeeded,
 * commits everything that changed in the checkout as one commit and pushes it; after a failed build nothing is pushed.
 * It holds the checkout's plain values and no secret: the credentials are looked up again from their ID and the build.
 *
 * <p>A Disposer is given no error, and Freestyle tears build environments down before it sets the result of a build
 * whose steps all passed (SUCCESS) or one of whose steps threw (FAILURE): see {@link FreestyleResult}. So a build with
 * a result at tear-down (a step returned false, or the build was interrupted) is judged at once, and one without is
 * pushed on a thread of the plugin as soon as Jenkins sets SUCCESS, a few milliseconds later, while post-build actions
 * run.
 */
public final class CommitOnSuccess extends SimpleBuildWrapper.Disposer {
    private static final long serialVersionUID = 1L;

    private final ConfigCheckout checkout;
    private transient CredentialLookup lookup;
    private transient Map<String, String> blockEnvironment;
    private transient CompletableFuture<Void> pushed;

    public CommitOnSuccess(ConfigCheckout checkout) {
        this.checkout = checkout;
    }

    /** Where to find credentials; null for Jenkins' credentials, which is what a deserialized disposer uses. */
    public CommitOnSuccess withLookup(CredentialLookup lookup) {
        this.lookup = lookup;
        return this;
    }

    /**
     * The block's variables, to add {@code GITOPS_COMMIT} to once the commit is pushed. Freestyle keeps offering them
     * until the build ends, so post-build actions that start after the push see it. Freestyle reads this map on the
     * build's thread ({@code SimpleBuildWrapper}'s environment copies it with {@code EnvVars.overrideAll}), so the
     * key is put there on that thread before the push starts, empty (which {@code overrideAll} reads as unset), and
     * the push thread only replaces its value: no change to the map's structure while the build thread reads it.
     */
    public CommitOnSuccess withBlockEnvironment(Map<String, String> env) {
        this.blockEnvironment = env;
        return this;
    }

    @Override
    public void tearDown(Run<?, ?> build, FilePath workspace, Launcher launcher, TaskListener listener)
            throws IOException, InterruptedException {
        Result result = build.getResult();
        if (result != null) {
            pushed = CompletableFuture.completedFuture(null);
            commitIfSucceeded(result, build, workspace, listener);
            return;
        }
        listener.getLogger().println("[gitops] " + checkout.dir() + " is committed and pushed once the build has "
                + "succeeded");
        if (blockEnvironment != null) {
            blockEnvironment.putIfAbsent(ConfigCheckout.GITOPS_COMMIT, "");
        }
        pushed = FreestyleResult.decided(build).thenAcceptAsync(decided -> {
            try {
                commitIfSucceeded(decided, build, workspace, listener);
            } catch (IOException | RuntimeException | InterruptedException e) {
                listener.getLogger().println("ERROR: " + e.getMessage());
                failIfStillRunning(build);
                throw new CompletionException(e);
            }
        }, ConfigCheckout.GIT_WORK);
    }

    /** Post-build actions may still be running; once the build has ended, its result is final. */
    private static void failIfStillRunning(Run<?, ?> build) {
        try {
            build.setResult(Result.FAILURE);
        } catch (IllegalStateException ended) {
            // too late to fail the build: the reason is in its log, if it was still open
        }
    }

    private void commitIfSucceeded(Result result, Run<?, ?> build, FilePath workspace, TaskListener listener)
            throws IOException, InterruptedException {
        if (result.isWorseThan(Result.SUCCESS)) {
            listener.getLogger().println("[gitops] The build is " + result
                    + ": nothing committed or pushed; the changes stay in " + checkout.dir());
            return;
        }
        CommitOutcome outcome = checkout.commitAndPush(build, workspace, listener,
                lookup == null ? CredentialLookup.JENKINS : lookup);
        if (blockEnvironment != null) {
            blockEnvironment.put(ConfigCheckout.GITOPS_COMMIT, outcome.commit());
        }
    }

    /**
     * Completes when the commit was pushed or left out, or with the error that failed the build; for tests, which
     * replay Jenkins' order of calls.
     */
    public CompletableFuture<Void> pushed() {
        return pushed;
    }
}
