package io.jenkins.plugins.gitops.checkout;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.gitops.commit.BuildIdentity;
import io.jenkins.plugins.gitops.commit.CommitOutcome;
import io.jenkins.plugins.gitops.commit.CommitQueue;
import io.jenkins.plugins.gitops.commit.CommitCallable;
import io.jenkins.plugins.gitops.commit.CommitTarget;
import io.jenkins.plugins.gitops.commit.PullRequestOption;
import io.jenkins.plugins.gitops.config.RepositoryDirectory;
import io.jenkins.plugins.gitops.core.concurrent.OwnThreads;
import io.jenkins.plugins.gitops.credentials.CredentialLookup;
import io.jenkins.plugins.gitops.credentials.CredentialsResolver;
import io.jenkins.plugins.gitops.credentials.GitAuth;
import io.jenkins.plugins.gitops.signing.SigningKey;
import java.io.IOException;
import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * A config repository that {@code withGitopsRepo} checked out into the workspace, and what committing its changes
 * needs once the block has run. The Pipeline block step and the Freestyle build environment option share it, and
 * Pipeline keeps it with the program across a restart, so it holds plain values and no secret: the credentials are
 * looked up again from their ID when the changes are pushed. A plain class rather than a record (see
 * {@link CommitTarget}).
 */
public final class ConfigCheckout implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String FUNCTION = "withGitopsRepo";
    static final String GITOPS_DIR = "GITOPS_DIR";
    static final String GITOPS_REPOSITORY = "GITOPS_REPOSITORY";
    static final String GITOPS_BRANCH = "GITOPS_BRANCH";
    static final String GITOPS_COMMIT = "GITOPS_COMMIT";
    /** Where checkouts and pushes run when they must not hold the thread that asked for them. */
    static final ExecutorService GIT_WORK =
            Executors.newCachedThreadPool(OwnThreads.daemonsNamed(FUNCTION + " git work"));
    private static final Pattern PASSWORD_IN_URL = Pattern.compile("(?i)^[a-z][a-z0-9+.-]*://[^/@]*:[^/@]*@.*");

    private final CommitTarget target;
    private final CheckoutOutcome checkout;
    private final String dir;
    private final String message;
    private final boolean skipCi;
    private final String sourceRepository;
    private final String sourceCommit;
    /** Absent from checkouts kept before pull requests: read back as null, pushing as before. */
    private final PullRequestOption pullRequest;

    /**
     * @param dir     the checkout's folder, relative to the workspace
     * @param message the commit message, with the template's variables filled in when the block started
     */
    private ConfigCheckout(CommitTarget target, CheckoutOutcome checkout, String dir, String message, boolean skipCi,
            String sourceRepository, String sourceCommit, PullRequestOption pullRequest) {
        this.target = target;
        this.checkout = checkout;
        this.dir = dir;
        this.message = message;
        this.skipCi = skipCi;
        this.sourceRepository = sourceRepository;
        this.sourceCommit = sourceCommit;
        this.pullRequest = pullRequest;
    }

    /** Resolves the repository, then checks its branch out on the node that holds the workspace. */
    public static ConfigCheckout open(CheckoutSettings settings, Run<?, ?> run, FilePath workspace, TaskListener listener,
            EnvVars env, CredentialLookup lookup, RepositoryDirectory directory) throws IOException, InterruptedException {
        CommitTarget target = CommitTarget.resolve(FUNCTION, settings.repository(), settings.url(),
                settings.credentialsId(), settings.branch(), directory)
                .signedWith(settings.signingKeyCredentialsId(), settings.signingPassphraseCredentialsId());
        if (PASSWORD_IN_URL.matcher(target.url()).matches()) {
            throw new AbortException(FUNCTION + ": the repository URL holds a password; give credentialsId instead");
        }
        String dir = WorkspaceFolder.of(settings.dir(), target.url());
        GitAuth auth = new CredentialsResolver(lookup).git(target.credentialsId(), run);
        CheckoutOutcome checkout = workspace.act(new CheckoutCallable(target, dir, auth, listener));
        Map<String, String> variables = BuildIdentity.variables(run, env);
        return new ConfigCheckout(target, checkout, dir, target.message(settings.message(), variables), settings.skipCi(),
                variables.get("GIT_URL"), variables.get("GIT_COMMIT"), target.pullRequest(settings.pullRequest()));
    }

    /** The checkout's folder, relative to the workspace. */
    String dir() {
        return dir;
    }

    CheckoutOutcome checkout() {
        return checkout;
    }

    /** What the block sees: where the checkout is, and of which repository and branch. */
    public Map<String, String> environment() {
        return Map.of(GITOPS_DIR, checkout.folder(), GITOPS_REPOSITORY, checkout.repository(), GITOPS_BRANCH,
                checkout.branch());
    }

    /**
     * Commits everything that changed in the checkout as one commit and pushes it, in this controller's queue for the
     * branch, then records it on the build page.
     */
    CommitOutcome commitAndPush(Run<?, ?> run, FilePath workspace, TaskListener listener, CredentialLookup lookup)
            throws IOException, InterruptedException {
        CredentialsResolver resolver = new CredentialsResolver(lookup);
        GitAuth auth = resolver.git(target.credentialsId(), run);
        SigningKey signingKey = resolver.signingKey(target.signingKeyCredentialsId(),
                target.signingPassphraseCredentialsId(), run);
        CommitChangesCallable.Request request = request(run, auth, signingKey, pullRequest == null ? null
                : CommitCallable.PullRequestCall.of(pullRequest, message, pullRequest.token(resolver, run, target, FUNCTION)));
        CommitChangesCallable callable = new CommitChangesCallable(request, listener);
        CommitOutcome outcome = pullRequest != null ? workspace.act(callable) : inQueue(run, listener, () -> workspace.act(callable));
        outcome.report(listener.getLogger(), "nothing changed in " + dir);
        outcome.record(run, target, pullRequest);
        return outcome;
    }

    private CommitChangesCallable.Request request(Run<?, ?> run, GitAuth auth, SigningKey signingKey,
            CommitCallable.PullRequestCall pullRequest) {
        String changeId = BuildIdentity.changeId(run, target.url() + "\n" + checkout.branch() + "\n" + dir);
        return new CommitChangesCallable.Request(target, checkout.branch(), dir, checkout.commit(), message, auth,
                BuildIdentity.url(run), BuildIdentity.job(run), String.valueOf(run.getNumber()), sourceRepository,
                sourceCommit, changeId, skipCi, BuildIdentity.describe(run), signingKey, pullRequest);
    }

    private CommitOutcome inQueue(Run<?, ?> run, TaskListener listener, CommitQueue.Work<CommitOutcome> work)
            throws IOException, InterruptedException {
        try {
            return CommitQueue.run(target.url(), checkout.branch(), BuildIdentity.describe(run), listener, work);
        } catch (IOException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }
}
