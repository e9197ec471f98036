package io.jenkins.plugins.gitops;

import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.gitops.credentials.CredentialLookup;
import java.io.IOException;
import java.util.Map;
import jenkins.tasks.SimpleBuildWrapper;

/**
 * The end of the build environment option "Commit to a GitOps config repository": unless the build has failed,
 * commits everything that changed in the checkout as one commit and pushes it. It holds the checkout's plain values
 * and no secret: the credentials are looked up again from their ID and the build.
 *
 * <p>It can tell that the wrapped steps failed only from the build's result, because a Disposer is given no error:
 * Freestyle sets the result (FAILURE when a build step returns false, ABORTED when interrupted) before it tears build
 * wrappers down, while Pipeline's {@code wrap} step tears down after a failed block too and leaves the result as it was
 * (which is why Pipeline's {@code withGitopsRepo} is {@link WithGitopsRepoStep}).
 */
final class CommitOnSuccess extends SimpleBuildWrapper.Disposer {
    private static final long serialVersionUID = 1L;

    private final ConfigCheckout checkout;
    private transient CredentialLookup lookup;
    private transient Map<String, String> blockEnvironment;

    CommitOnSuccess(ConfigCheckout checkout) {
        this.checkout = checkout;
    }

    /** Where to find credentials; null for Jenkins' credentials, which is what a deserialized disposer uses. */
    CommitOnSuccess withLookup(CredentialLookup lookup) {
        this.lookup = lookup;
        return this;
    }

    /**
     * The block's variables, to add {@code GITOPS_COMMIT} to once the commit is pushed. Freestyle keeps offering them
     * until the build ends, so its post-build actions see it.
     */
    CommitOnSuccess withBlockEnvironment(Map<String, String> env) {
        this.blockEnvironment = env;
        return this;
    }

    @Override
    public void tearDown(Run<?, ?> build, FilePath workspace, Launcher launcher, TaskListener listener)
            throws IOException, InterruptedException {
        Result result = build.getResult();
        if (result != null && result.isWorseThan(Result.SUCCESS)) {
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
}
