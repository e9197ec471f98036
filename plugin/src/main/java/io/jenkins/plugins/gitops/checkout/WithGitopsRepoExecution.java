package io.jenkins.plugins.gitops.checkout;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.gitops.commit.CommitOutcome;
import io.jenkins.plugins.gitops.config.RepositoryDirectory;
import io.jenkins.plugins.gitops.credentials.CredentialLookup;
import java.util.concurrent.Future;
import org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * How {@code withGitopsRepo} runs in Pipeline: it checks out, runs the block with {@code GITOPS_*} set, and commits and
 * pushes only when the block succeeded. The git work happens on a thread of its own, never on the thread that runs
 * the Pipeline program. Pipeline keeps the execution with the program, so it holds plain values and no secret; a
 * restart during the block changes nothing (the callback is kept with the block), while a restart during the checkout
 * or the commit fails the step, because that work cannot be picked up halfway.
 */
final class WithGitopsRepoExecution extends StepExecution {
    private static final long serialVersionUID = 1L;

    enum Phase { CHECKING_OUT, IN_BLOCK, COMMITTING, DONE }

    @FunctionalInterface
    private interface GitWork {
        void run() throws Exception;
    }

    /** Needed only until the checkout is done; a restart before then fails the step anyway. */
    private final transient CheckoutSettings settings;
    private volatile Phase phase = Phase.CHECKING_OUT;
    private volatile ConfigCheckout repo;
    private transient CredentialLookup lookup;
    private transient RepositoryDirectory directory;
    private transient volatile Future<?> running;

    WithGitopsRepoExecution(StepContext context, CheckoutSettings settings, CredentialLookup lookup,
            RepositoryDirectory directory) {
        super(context);
        this.settings = settings;
        this.lookup = lookup;
        this.directory = directory;
    }

    /** Replaces Jenkins' credentials and global configuration, for tests, also after deserialization. */
    WithGitopsRepoExecution withSeams(CredentialLookup lookup, RepositoryDirectory directory) {
        this.lookup = lookup;
        this.directory = directory;
        return this;
    }

    Phase phase() {
        return phase;
    }

    @Override
    public boolean start() {
        inBackground(getContext(), this::checkOutAndStartBlock);
        return false;
    }

    private void checkOutAndStartBlock() throws Exception {
        StepContext context = getContext();
        repo = ConfigCheckout.open(settings, context.get(Run.class), context.get(FilePath.class),
                context.get(TaskListener.class), context.get(EnvVars.class), lookup(), directory());
        phase = Phase.IN_BLOCK;
        context.newBodyInvoker()
                .withContext(EnvironmentExpander.merge(context.get(EnvironmentExpander.class),
                        EnvironmentExpander.constant(repo.environment())))
                .withCallback(new CommitWhenBlockSucceeds())
                .start();
    }

    private void inBackground(StepContext context, GitWork work) {
        running = ConfigCheckout.GIT_WORK.submit(() -> {
            try {
                work.run();
            } catch (Throwable t) {
                phase = Phase.DONE;
                context.onFailure(t);
            } finally {
                running = null;
            }
        });
    }

    @Override
    public void stop(Throwable cause) throws Exception {
        Future<?> work = running;
        if (work != null) {
            work.cancel(true);
        }
        super.stop(cause);
    }

    @Override
    public void onResume() {
        if (phase == Phase.CHECKING_OUT) {
            getContext().onFailure(new AbortException(ConfigCheckout.FUNCTION
                    + ": Jenkins restarted during the checkout of the config repository; nothing was committed or pushed"));
        } else if (phase == Phase.COMMITTING) {
            getContext().onFailure(new AbortException(ConfigCheckout.FUNCTION + ": Jenkins restarted while the changes in "
                    + repo.dir() + " were being committed and pushed; see whether " + repo.checkout().branch() + " of "
                    + repo.checkout().repository() + " has them"));
        }
    }

    @Override
    public boolean blocksRestart() {
        return phase == Phase.CHECKING_OUT || phase == Phase.COMMITTING;
    }

    @Override
    public String getStatus() {
        return switch (phase) {
            case CHECKING_OUT -> "checking out the config repository";
            case IN_BLOCK -> "running the block in " + repo.dir();
            case COMMITTING -> "committing and pushing the changes in " + repo.dir();
            case DONE -> "done";
        };
    }

    private CredentialLookup lookup() {
        return lookup == null ? CredentialLookup.JENKINS : lookup;
    }

    private RepositoryDirectory directory() {
        return directory == null ? RepositoryDirectory.JENKINS : directory;
    }

    /** Kept with the block, so that it still commits after a restart during the block. */
    private final class CommitWhenBlockSucceeds extends BodyExecutionCallback {
        private static final long serialVersionUID = 1L;

        @Override
        public void onSuccess(StepContext context, Object result) {
            phase = Phase.COMMITTING;
            inBackground(context, () -> {
                CommitOutcome outcome = repo.commitAndPush(context.get(Run.class), context.get(FilePath.class),
                        context.get(TaskListener.class), lookup());
                phase = Phase.DONE;
                context.onSuccess(outcome.toMap());
            });
        }

        @Override
        public void onFailure(StepContext context, Throwable t) {
            phase = Phase.DONE;
            try {
                context.get(TaskListener.class).getLogger().println(
                        "[gitops] The block failed: nothing committed or pushed; the changes stay in " + repo.dir());
            } catch (Exception e) {
                t.addSuppressed(e);
            }
            context.onFailure(t);
        }
    }
}
