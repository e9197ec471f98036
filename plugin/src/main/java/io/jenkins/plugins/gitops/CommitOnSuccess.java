package io.jenkins.plugins.gitops;

import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.gitops.credentials.CredentialLookup;
import io.jenkins.plugins.gitops.credentials.CredentialsResolver;
import io.jenkins.plugins.gitops.credentials.GitAuth;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import jenkins.tasks.SimpleBuildWrapper;

/**
 * The end of {@code withGitopsRepo}: unless the build has failed, commits everything that changed in the checkout as one
 * commit and pushes it. Pipeline serializes it with the program and may run it after a restart, so it holds small plain
 * values and no secret: the credentials are looked up again from their ID and the build.
 *
 * <p>It can tell that the wrapped block failed only from the build's result, because a Disposer is given no error:
 * Freestyle sets the result (FAILURE when a build step returns false, ABORTED when interrupted) before it tears build
 * wrappers down, while Pipeline's {@code wrap} step tears down after a failed block too and leaves the result as it was.
 */
final class CommitOnSuccess extends SimpleBuildWrapper.Disposer {
    private static final long serialVersionUID = 1L;

    private final String url;
    private final String credentialsId;
    private final String branch;
    private final String dir;
    private final String baseCommit;
    private final String message;
    private final boolean skipCi;
    private final String sourceRepository;
    private final String sourceCommit;
    private transient CredentialLookup lookup;
    private transient Map<String, String> blockEnvironment;

    CommitOnSuccess(String url, String credentialsId, String branch, String dir, String baseCommit, String message,
            boolean skipCi, String sourceRepository, String sourceCommit) {
        this.url = url;
        this.credentialsId = credentialsId;
        this.branch = branch;
        this.dir = dir;
        this.baseCommit = baseCommit;
        this.message = message;
        this.skipCi = skipCi;
        this.sourceRepository = sourceRepository;
        this.sourceCommit = sourceCommit;
    }

    /** Where to find credentials; null for Jenkins' credentials, which is what a deserialized disposer uses. */
    CommitOnSuccess withLookup(CredentialLookup lookup) {
        this.lookup = lookup;
        return this;
    }

    /**
     * The block's variables, to add {@code GITOPS_COMMIT} to once the commit is pushed. Freestyle keeps offering them
     * until the build ends, so its post-build actions see it; Pipeline copied them when the block started.
     */
    CommitOnSuccess withBlockEnvironment(Map<String, String> env) {
        this.blockEnvironment = env;
        return this;
    }

    @Override
    public void tearDown(Run<?, ?> build, FilePath workspace, Launcher launcher, TaskListener listener)
            throws IOException, InterruptedException {
        PrintStream log = listener.getLogger();
        Result result = build.getResult();
        if (result != null && result.isWorseThan(Result.SUCCESS)) {
            log.println("[gitops] The build is " + result + ": nothing committed or pushed; the changes stay in " + dir);
            return;
        }
        GitAuth auth = new CredentialsResolver(lookup == null ? CredentialLookup.JENKINS : lookup).git(credentialsId, build);
        CommitChangesCallable callable = new CommitChangesCallable(request(build, auth), listener);
        CommitOutcome outcome = inQueue(build, listener, () -> workspace.act(callable));
        report(outcome, log);
        if (blockEnvironment != null) {
            blockEnvironment.put(GitopsRepoWrapper.GITOPS_COMMIT, outcome.commit());
        }
        BuildPage.recordCommit(build, outcome);
    }

    private CommitChangesCallable.Request request(Run<?, ?> build, GitAuth auth) {
        String job = BuildIdentity.job(build);
        String number = String.valueOf(build.getNumber());
        String text = message == null || message.isBlank() ? "Update from " + job + " #" + number : message;
        return new CommitChangesCallable.Request(url, branch, dir, baseCommit, text, auth, BuildIdentity.url(build), job,
                number, sourceRepository, sourceCommit, changeId(build), skipCi, BuildIdentity.describe(build));
    }

    /** This build and this checkout, so that a retried push finds a commit that already landed. */
    private String changeId(Run<?, ?> build) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((url + "\n" + branch + "\n" + dir).getBytes(StandardCharsets.UTF_8));
            return build.getExternalizableId() + ":" + HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private CommitOutcome inQueue(Run<?, ?> build, TaskListener listener, CommitQueue.Work<CommitOutcome> work)
            throws IOException, InterruptedException {
        try {
            return CommitQueue.run(url, branch, BuildIdentity.describe(build), listener, work);
        } catch (IOException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private void report(CommitOutcome outcome, PrintStream log) {
        if (!outcome.diff().isEmpty()) {
            log.print(outcome.diff());
            if (!outcome.diff().endsWith("\n")) log.println();
        }
        String what = outcome.alreadyPresent() ? "already on the branch as " + outcome.commit()
                : outcome.changed() ? "pushed " + outcome.commit() + " after " + outcome.attempts() + " attempt(s)"
                : "nothing changed in " + dir + "; " + outcome.branch() + " is at " + outcome.commit();
        log.println("[gitops] " + outcome.repository() + " " + outcome.branch() + ": " + what);
    }
}
