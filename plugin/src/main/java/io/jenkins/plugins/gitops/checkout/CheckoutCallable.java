package io.jenkins.plugins.gitops.checkout;

import hudson.AbortException;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.gitops.commit.BuildLog;
import io.jenkins.plugins.gitops.commit.CommitTarget;
import io.jenkins.plugins.gitops.core.git.Checkout;
import io.jenkins.plugins.gitops.core.git.CheckoutCommitter;
import io.jenkins.plugins.gitops.core.git.CheckoutRequest;
import io.jenkins.plugins.gitops.core.git.GitopsException;
import io.jenkins.plugins.gitops.core.git.Urls;
import io.jenkins.plugins.gitops.credentials.GitAuth;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import jenkins.MasterToSlaveFileCallable;

/**
 * The checkout of {@code withGitopsRepo}, on the node that holds the workspace, with the repository's SSH known hosts.
 * It carries plain values only; the credentials' values are used for the fetch and never written to the checkout.
 */
final class CheckoutCallable extends MasterToSlaveFileCallable<CheckoutOutcome> {
    private static final long serialVersionUID = 1L;

    private final CommitTarget target;
    private final String dir;
    private final GitAuth auth;
    private final TaskListener listener;

    CheckoutCallable(CommitTarget target, String dir, GitAuth auth, TaskListener listener) {
        this.target = target;
        this.dir = dir;
        this.auth = auth;
        this.listener = listener;
    }

    @Override
    public CheckoutOutcome invoke(File workspace, VirtualChannel channel) throws IOException, InterruptedException {
        try {
            Path folder = WorkspaceFolder.resolve(workspace.toPath(), dir);
            Checkout checkout = new CheckoutCommitter().checkout(
                    new CheckoutRequest(target.url(), target.branch(), folder, auth.toEngine(),
                            auth.transport(target.transport())),
                    new BuildLog(listener.getLogger()));
            return new CheckoutOutcome(checkout.repository(), checkout.branch(), checkout.commit(), folder.toString());
        } catch (GitopsException e) {
            throw new AbortException(ConfigCheckout.FUNCTION + ": " + Urls.redactAll(e.getMessage()));
        }
    }
}
