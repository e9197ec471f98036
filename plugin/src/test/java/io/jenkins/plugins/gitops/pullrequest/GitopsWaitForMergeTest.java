package io.jenkins.plugins.gitops.pullrequest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.gitops.GitopsRunAction;
import io.jenkins.plugins.gitops.changes.YamlValueChange;
import io.jenkins.plugins.gitops.commit.CommitCallable;
import io.jenkins.plugins.gitops.commit.CommitSteps;
import io.jenkins.plugins.gitops.commit.GitopsCommitStep;
import io.jenkins.plugins.gitops.commit.PullRequestOption;
import io.jenkins.plugins.gitops.core.pr.GitHubSimulator;
import io.jenkins.plugins.gitops.core.pr.MergeWatch;
import io.jenkins.plugins.gitops.core.testing.GitCli;
import io.jenkins.plugins.gitops.core.testing.HttpGitServer;
import io.jenkins.plugins.gitops.core.testing.TestRepos;
import io.jenkins.plugins.gitops.testing.FakeRun;
import io.jenkins.plugins.gitops.testing.ProgramState;
import io.jenkins.plugins.gitops.testing.StructsModel;
import io.jenkins.plugins.gitops.testing.TestCredentials;
import io.jenkins.plugins.gitops.testing.TestListener;
import io.jenkins.plugins.gitops.testing.TestStepContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@code gitopsCommit(pullRequest: …)} then {@code gitopsWaitForMerge(pullRequest: r.pullRequest)}, as Pipeline runs
 * them, against the GitHub simulator over a real git server: the wait ends with the host's merge commit, records it
 * for {@code gitopsWait}, fails with the reason when the pull request is closed, and goes on after a restart with
 * the same deadline and no token in its persisted state.
 */
public class GitopsWaitForMergeTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final String TOKEN = "ghp_merge_step_4242";
    private static final String USER = "jenkins-bot";
    private static final String PASSWORD = "merge-pass-77";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private HttpGitServer server;
    private GitHubSimulator github;
    private Path bare;
    private MergeWatch watch;
    private final FakeRun run = new FakeRun("team/deploy", 23);
    private final TestListener log = new TestListener();
    private final TestCredentials credentials = new TestCredentials().secretText("github-token", TOKEN);

    @Before
    public void start() throws Exception {
        Path root = tmp.newFolder("repos").toPath();
        bare = TestRepos.createBare(root, "config.git", Map.of("apps/shop/values.yaml", "web:\n  tag: \"1.0\"\n"));
        server = HttpGitServer.start(root, USER, PASSWORD);
        github = new GitHubSimulator("git", "config", TOKEN, bare);
        watch = MergeWatch.create(new MergeWatch.Settings(Duration.ofMillis(20), Duration.ofMillis(200),
                Duration.ofMillis(400)));
        System.setProperty(CommitCallable.CACHE_DIR_PROPERTY, tmp.newFolder("cache").toString());
    }

    @After
    public void stop() throws Exception {
        watch.close();
        github.close();
        server.close();
        System.clearProperty(CommitCallable.CACHE_DIR_PROPERTY);
    }

    /** Every credential of the test: the API token, and the git credentials our branch is pushed with. */
    private final io.jenkins.plugins.gitops.credentials.CredentialLookup lookup = (id, build) -> id.equals("config-bot")
            ? new TestCredentials.UserPass(id, USER, PASSWORD) : credentials.find(id, build);

    private MergeServices services() throws Exception {
        return new MergeServices(watch, lookup, new io.jenkins.plugins.gitops.wait.BranchHistory(
                () -> tmp.getRoot().toPath().resolve("mirrors"), lookup));
    }

    private Map<?, ?> commitThroughPullRequest(String tag) throws Exception {
        return commitThroughPullRequest(tag, null);
    }

    private Map<?, ?> commitThroughPullRequest(String tag, String autoMerge) throws Exception {
        return commitThroughPullRequest(tag, autoMerge, "github-token");
    }

    private Map<?, ?> commitThroughPullRequest(String tag, String autoMerge, String apiCredentials) throws Exception {
        GitopsCommitStep step = new GitopsCommitStep(List.of(new YamlValueChange("apps/shop/values.yaml", "web.tag", tag)));
        step.setUrl(server.url("config.git"));
        step.setCredentialsId("config-bot");
        step.setBranch("main");
        step.setMessage("shop-web " + tag);
        PullRequestOption pr = new PullRequestOption(apiCredentials);
        pr.setApiUrl(github.apiUrl());
        if (autoMerge != null) {
            pr.setAutoMerge(true);
            pr.setMergeMethod(autoMerge);
        }
        step.setPullRequest(pr);
        TestStepContext context = new TestStepContext().with(Run.class, run).with(TaskListener.class, log)
                .with(FilePath.class, new FilePath(tmp.newFolder().getAbsoluteFile()))
                .with(EnvVars.class, new EnvVars());
        return CommitSteps.run(step, context, lookup);
    }

    /** The step as Pipeline makes it from {@code gitopsWaitForMerge(pullRequest: r.pullRequest, timeout: …)}. */
    private static GitopsWaitForMergeStep step(Map<?, ?> pullRequest, int timeout) throws Exception {
        Map<String, Object> arguments = new LinkedHashMap<>();
        if (pullRequest != null) arguments.put("pullRequest", pullRequest);
        arguments.put("timeout", timeout);
        return new StructsModel(List.of(GitopsWaitForMergeStep.class, PullRequestRef.class))
                .instantiate(GitopsWaitForMergeStep.class, arguments);
    }

    private TestStepContext context() {
        return new TestStepContext().with(Run.class, run).with(TaskListener.class, log);
    }

    private void untilLogSays(String part) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!log.text().contains(part)) {
            if (System.nanoTime() > deadline) throw new AssertionError("the log never said '" + part + "':\n" + log.text());
            Thread.sleep(5);
        }
    }

    @Test
    public void endsWithTheHostsMergeCommitAndRecordsItForGitopsWait() throws Exception {
        Map<?, ?> committed = commitThroughPullRequest("2.0");
        Map<?, ?> pullRequest = (Map<?, ?>) committed.get("pullRequest");
        int number = (Integer) pullRequest.get("number");
        TestStepContext context = context();
        WaitForMergeExecution execution = new WaitForMergeExecution(context, step(pullRequest, 60), services());
        assertFalse("asynchronous", execution.start());
        untilLogSays("Pull request #" + number + " is open");
        assertTrue(execution.getStatus(), execution.getStatus().startsWith("waiting for pull request #" + number));
        String merge = github.merge(number);

        Map<?, ?> value = (Map<?, ?>) context.awaitSuccess(LIMIT);
        assertEquals(merge, value.get("mergeCommit"));
        assertEquals(GitCli.run(bare, "rev-parse", "main").strip(), merge);
        assertEquals("main", value.get("base"));
        GitopsRunAction action = GitopsRunAction.of(run);
        GitopsRunAction.CommitRecord last = action.lastCommit();
        assertEquals("gitopsWait's default is now the merge commit", merge, last.getSha());
        assertEquals("main", last.getBranch());
        assertEquals("reached as our branch was pushed", "config-bot", last.credentialsId());
        PullRequestRecord recorded = action.lastPullRequest();
        assertEquals("merged", recorded.getState());
        assertEquals(merge, recorded.getMergeCommit());
        assertEquals(committed.get("commit"), recorded.getBranchCommit());
        assertTrue(log.text(), log.text().contains("[gitops] Pull request #" + number + " was merged into main as " + merge));
        assertFalse("no token in the log", log.text().contains(TOKEN));
    }

    @Test
    public void withAutoMergeTheHostSquashesOnceReviewedAndTheWaitReturnsTheSquashCommit() throws Exception {
        github.requireReview();
        Map<?, ?> committed = commitThroughPullRequest("2.5", "squash");
        int number = (Integer) ((Map<?, ?>) committed.get("pullRequest")).get("number");
        assertTrue(log.text(), log.text().contains("auto-merge (squash) is on"));
        TestStepContext context = context();
        new WaitForMergeExecution(context, step(null, 60), services()).start();
        untilLogSays("is open, blocked");
        github.approve(number);

        Map<?, ?> value = (Map<?, ?>) context.awaitSuccess(LIMIT);
        assertEquals(GitCli.run(bare, "rev-parse", "main").strip(), value.get("mergeCommit"));
        assertNotEquals("squashed: not our commit", committed.get("commit"), value.get("mergeCommit"));
    }

    @Test
    public void aGitHubAppOpensAndWaitsWithInstallationTokensMadeOnTheController() throws Exception {
        Path key = tmp.getRoot().toPath().resolve("app.pem");
        Process openssl = new ProcessBuilder("openssl", "genrsa", "-traditional", "-out", key.toString(), "2048")
                .redirectErrorStream(true).start();
        assertTrue(openssl.waitFor(60, TimeUnit.SECONDS));
        String pem = java.nio.file.Files.readString(key);
        var parsed = (java.security.interfaces.RSAPrivateCrtKey) java.security.KeyFactory.getInstance("RSA")
                .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(pkcs8(key)));
        github.installApp("424242", java.security.KeyFactory.getInstance("RSA").generatePublic(
                new java.security.spec.RSAPublicKeySpec(parsed.getModulus(), parsed.getPublicExponent())));
        credentials.sshKey("github-app", "424242", pem);

        Map<?, ?> committed = commitThroughPullRequest("7.0", null, "github-app");
        Map<?, ?> pullRequest = (Map<?, ?>) committed.get("pullRequest");
        assertEquals("open", pullRequest.get("state"));
        TestStepContext context = context();
        new WaitForMergeExecution(context, step(pullRequest, 60), services()).start();
        untilLogSays("is open");
        String merge = github.merge((Integer) pullRequest.get("number"));

        assertEquals(merge, ((Map<?, ?>) context.awaitSuccess(LIMIT)).get("mergeCommit"));
        assertTrue("installation tokens were made: " + github.installationTokensIssued(), github.installationTokensIssued() >= 2);
        assertFalse(log.text().contains("PRIVATE KEY"));
        assertFalse(log.text().contains("ghs_"));
    }

    /** The key as the JDK reads it, from openssl, to give the simulator the App's public key. */
    private static byte[] pkcs8(Path key) throws Exception {
        Process convert = new ProcessBuilder("openssl", "pkcs8", "-topk8", "-nocrypt", "-in", key.toString(), "-outform",
                "DER").start();
        byte[] der = convert.getInputStream().readAllBytes();
        assertTrue(convert.waitFor(60, TimeUnit.SECONDS));
        return der;
    }

    @Test
    public void aMergeCommitThatTheBaseDoesNotContainFailsTheStep() throws Exception {
        Map<?, ?> pullRequest = (Map<?, ?>) commitThroughPullRequest("8.0").get("pullRequest");
        String elsewhere = (String) commitThroughPullRequest("8.1").get("commit");
        int number = (Integer) pullRequest.get("number");
        TestStepContext context = context();
        new WaitForMergeExecution(context, step(pullRequest, 60), services()).start();
        untilLogSays("is open");
        github.mergeReporting(number, elsewhere);

        Throwable failure = context.awaitFailure(LIMIT);
        assertEquals("gitopsWaitForMerge: the host reported pull request #" + number + " merged as " + elsewhere
                + ", but main of " + server.url("config.git") + " does not contain that commit", failure.getMessage());
    }

    @Test
    public void aPullRequestClosedWithoutMergingFailsTheStepWithTheReason() throws Exception {
        Map<?, ?> pullRequest = (Map<?, ?>) commitThroughPullRequest("3.0").get("pullRequest");
        int number = (Integer) pullRequest.get("number");
        TestStepContext context = context();
        new WaitForMergeExecution(context, step(null, 60), services()).start();
        untilLogSays("is open");
        github.close(number);

        Throwable failure = context.awaitFailure(LIMIT);
        assertEquals("gitopsWaitForMerge: pull request #" + number + " was closed without merging", failure.getMessage());
        assertEquals("closed", GitopsRunAction.of(run).lastPullRequest().getState());
    }

    @Test
    public void survivesARestartWithTheSameDeadlineAndNoTokenInItsState() throws Exception {
        Map<?, ?> pullRequest = (Map<?, ?>) commitThroughPullRequest("4.0").get("pullRequest");
        int number = (Integer) pullRequest.get("number");
        TestStepContext first = context();
        WaitForMergeExecution execution = new WaitForMergeExecution(first, step(pullRequest, 300), services());
        execution.start();
        Instant deadline = execution.deadline();
        untilLogSays("is open");

        byte[] programDat = ProgramState.write(execution);
        execution.abandon();
        watch.close();
        assertFalse("no token in the persisted state", new String(programDat, StandardCharsets.ISO_8859_1).contains(TOKEN));
        String merge = github.merge(number);

        watch = MergeWatch.create(new MergeWatch.Settings(Duration.ofMillis(20), Duration.ofMillis(200),
                Duration.ofMillis(400)));
        WaitForMergeExecution resumed = ((WaitForMergeExecution) ProgramState.read(programDat)).withServices(services());
        TestStepContext fresh = ((TestStepContext) resumed.getContext()).with(Run.class, run).with(TaskListener.class, log);
        assertNotEquals(first, fresh);
        resumed.onResume();

        Map<?, ?> value = (Map<?, ?>) fresh.awaitSuccess(LIMIT);
        assertEquals(merge, value.get("mergeCommit"));
        assertEquals(deadline, resumed.deadline());
        first.assertRunning();
        assertTrue(log.text(), log.text().contains("Resuming the wait for pull request #" + number
                + " after a restart; the deadline is still " + deadline));
    }

    @Test
    public void withoutAPullRequestOfThisBuildItSaysWhatToGive() throws Exception {
        AbortException none = assertThrows(AbortException.class,
                () -> new WaitForMergeExecution(context(), step(null, 60), services()).start());
        assertEquals("gitopsWaitForMerge: this build opened no pull request to wait for; give pullRequest: (the"
                + " pullRequest of gitopsCommit's result)", none.getMessage());
        AbortException elsewhere = assertThrows(AbortException.class,
                () -> new WaitForMergeExecution(context(), step(Map.of("number", 12), 60), services()).start());
        assertEquals("gitopsWaitForMerge: pull request #12 was not opened by a gitopsCommit of this build; give its"
                + " repository: (the git URL) and credentialsId: (the API token's), as gitopsCommit's result has them",
                elsewhere.getMessage());
    }

    @Test
    public void aPullRequestOfAnotherBuildIsFoundFromItsMap() throws Exception {
        Map<?, ?> pullRequest = (Map<?, ?>) commitThroughPullRequest("5.0").get("pullRequest");
        FakeRun later = new FakeRun("team/promote", 3);
        TestStepContext context = new TestStepContext().with(Run.class, later).with(TaskListener.class, log);
        new WaitForMergeExecution(context, step(pullRequest, 60), services()).start();
        untilLogSays("is open");
        String merge = github.merge((Integer) pullRequest.get("number"));

        assertEquals(merge, ((Map<?, ?>) context.awaitSuccess(LIMIT)).get("mergeCommit"));
        assertEquals(merge, GitopsRunAction.of(later).lastCommit().getSha());
    }
}
