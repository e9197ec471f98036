package io.jenkins.plugins.gitops.wait;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.gitops.GitopsRunAction;
import io.jenkins.plugins.gitops.GitopsRunAction.WaitRecord;
import io.jenkins.plugins.gitops.core.change.Manifest;
import io.jenkins.plugins.gitops.core.change.YamlValue;
import io.jenkins.plugins.gitops.core.git.CommitRequest;
import io.jenkins.plugins.gitops.core.git.CommitResult;
import io.jenkins.plugins.gitops.core.git.GitopsCommitter;
import io.jenkins.plugins.gitops.core.git.Urls;
import io.jenkins.plugins.gitops.core.wait.WaitSettings;
import io.jenkins.plugins.gitops.core.wait.Waits;
import io.jenkins.plugins.gitops.core.wait.sim.ArgoCdSimulator;
import io.jenkins.plugins.gitops.core.wait.sim.ConfigRepo;
import io.jenkins.plugins.gitops.revert.RevertRecord;
import io.jenkins.plugins.gitops.targets.ArgoCdWaitTarget;
import io.jenkins.plugins.gitops.targets.WaitConfiguration;
import io.jenkins.plugins.gitops.testing.FakeRun;
import io.jenkins.plugins.gitops.testing.ProgramState;
import io.jenkins.plugins.gitops.testing.TestCredentials;
import io.jenkins.plugins.gitops.testing.TestListener;
import io.jenkins.plugins.gitops.testing.TestStepContext;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.jgit.api.Git;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@code gitopsWait(onFailure: 'revert')} against the Argo CD simulator following a real repository: the new version
 * turns Degraded, the step reverts our commit (keeping what someone committed on top), waits until the revert is
 * Synced and Healthy, and fails with both stories; across a restart during the wait for the revert too; and when the
 * revert cannot be made, says why.
 */
public class RevertOnFailureTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final WaitSettings FAST = new WaitSettings(Duration.ofMillis(20), Duration.ofMillis(100),
            Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofMillis(200));

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private ConfigRepo repo;
    private File upstream;
    private String repoUrl;
    private ArgoCdSimulator argo;
    private final List<Waits> engines = new ArrayList<>();
    private final FakeRun run = new FakeRun("shop/deploy", 51);
    private final TestListener log = new TestListener();
    private final TestCredentials credentials = new TestCredentials().secretText("argocd-token", ArgoCdSimulator.TOKEN);
    private String base;
    /** The revisions whose workload the simulator never gets ready. */
    private final java.util.Set<String> broken = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Before
    public void setUp() throws Exception {
        System.setProperty(Urls.ALLOW_FILE_URLS, "true");
        upstream = tmp.newFolder("upstream.git");
        repo = new ConfigRepo(upstream);
        repo.commit("previous");
        repoUrl = upstream.toURI().toString();
        argo = new ArgoCdSimulator(repo);
        base = commit("base", new Manifest("apps/shop/values.yaml", "web:\n  tag: \"1.0\"\n")).commit();
        argo.addApp("shop-web", app -> {
            app.repoUrl = repoUrl;
            app.degradedAt = broken::contains;
        });
    }

    @After
    public void tearDown() {
        engines.forEach(Waits::close);
        argo.close();
        repo.close();
        System.clearProperty(Urls.ALLOW_FILE_URLS);
    }

    private CommitResult commit(String message, io.jenkins.plugins.gitops.core.change.Change change) throws Exception {
        return new GitopsCommitter(tmp.getRoot().toPath().resolve("agent-cache")).commit(CommitRequest.builder(repoUrl)
                .branch("main").message(message).changes(change).build(), line -> { });
    }

    /** Our deployment of tag 2.0, which the simulator turns Degraded, recorded as gitopsCommit records it. */
    private String deployBroken() throws Exception {
        String ours = commit("shop-web 2.0", new YamlValue("apps/shop/values.yaml", "web.tag", "2.0", null)).commit();
        GitopsRunAction.recordCommit(run, new GitopsRunAction.CommitRecord(repoUrl, "main", null, ours,
                List.of("apps/shop/values.yaml"), true, ""));
        broken.add(ours);
        return ours;
    }

    private String file(String rev, String path) throws Exception {
        try (Git git = Git.open(upstream)) {
            var repository = git.getRepository();
            var id = repository.resolve(rev + ":" + path);
            return id == null ? null : new String(repository.open(id).getBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private WaitServices services() {
        return services(new WaitRevert(credentials, List::of, () -> tmp.getRoot().toPath().resolve("controller-cache")));
    }

    private WaitServices services(WaitRevert reverts) {
        Waits waits = Waits.create(FAST);
        engines.add(waits);
        return new WaitServices(waits, credentials, WaitConfiguration.NONE,
                new BranchMirrors(() -> tmp.getRoot().toPath().resolve("mirrors"))).withReverts(reverts);
    }

    private GitopsWaitStep step() {
        ArgoCdWaitTarget target = new ArgoCdWaitTarget("shop-web");
        target.setProject("shop");
        target.setUrl(argo.url());
        target.setCredentialsId("argocd-token");
        GitopsWaitStep step = new GitopsWaitStep(List.of(target));
        step.setOnFailure("revert");
        step.setTimeout(20);
        return step;
    }

    private TestStepContext context() {
        return new TestStepContext().with(Run.class, run).with(TaskListener.class, log);
    }

    @Test
    public void aDegradedDeploymentIsRevertedTheRevertBecomesHealthyAndTheStepFailsWithBothStories() throws Exception {
        String ours = deployBroken();
        argo.autopilot(Duration.ofMillis(20));
        TestStepContext context = context();

        assertFalse(new GitopsWaitExecution(context, step(), services()).start());
        Throwable failure = context.awaitFailure(LIMIT);

        String revert = repo.head();
        assertNotEquals(ours, revert);
        assertEquals(AbortException.class, failure.getClass());
        assertThat(failure.getMessage(), containsString("gitopsWait: Argo CD application shop/shop-web: "));
        assertThat(failure.getMessage(), containsString("Degraded"));
        assertThat(failure.getMessage(), containsString("\nonFailure: 'revert': reverted " + ours.substring(0, 12)
                + " with " + revert.substring(0, 12) + "; the revert is applied and healthy: "));
        assertEquals("web:\n  tag: \"1.0\"\n", file(revert, "apps/shop/values.yaml"));
        assertEquals(true, argo.runsHealthy("shop-web", revert));

        List<WaitRecord> waits = GitopsRunAction.of(run).getWaits();
        assertEquals(WaitRecord.Result.FAILED, waits.get(0).getResult());
        assertEquals(ours, waits.get(0).getCommit());
        assertEquals(WaitRecord.Result.DONE, waits.get(1).getResult());
        assertEquals(revert, waits.get(1).getCommit());
        RevertRecord record = GitopsRunAction.of(run).getReverts().get(0);
        assertEquals(ours, record.getReverted());
        assertEquals(revert, record.getCommit());
        assertThat(log.text(), containsString("[gitops] onFailure: 'revert': reverting " + ours.substring(0, 12)));
        assertThat(log.text(), containsString("for the revert " + revert.substring(0, 12)));
    }

    @Test
    public void theWaitForTheRevertSurvivesARestartAndOthersCommitsOnTopAreKept() throws Exception {
        String ours = deployBroken();
        String theirs = commit("docs", new Manifest("README.md", "shop\n")).commit();
        broken.add(theirs);
        argo.autopilot(Duration.ofMillis(20));
        TestStepContext first = context();
        GitopsWaitExecution execution = new GitopsWaitExecution(first, step(), services());
        execution.start();
        long end = System.nanoTime() + LIMIT.toNanos();
        while (!log.text().contains("for the revert ")) {
            assertTrue("the revert was made within " + LIMIT + ": " + log.text(), System.nanoTime() < end);
            LockSupport.parkNanos(5_000_000);
        }

        byte[] programDat = ProgramState.write(execution);
        execution.abandon();
        engines.get(0).close();
        GitopsWaitExecution resumed = ((GitopsWaitExecution) ProgramState.read(programDat)).withServices(services());
        TestStepContext fresh = ((TestStepContext) resumed.getContext()).with(Run.class, run).with(TaskListener.class, log);
        resumed.onResume();
        Throwable failure = fresh.awaitFailure(LIMIT);

        String revert = repo.head();
        assertEquals("the revert is on their commit", theirs, parent(revert));
        assertEquals("shop\n", file(revert, "README.md"));
        assertEquals("web:\n  tag: \"1.0\"\n", file(revert, "apps/shop/values.yaml"));
        assertThat(failure.getMessage(), containsString("the revert is applied and healthy"));
        assertThat(log.text(), containsString("Resuming the wait after a restart"));
        first.assertRunning();
    }

    @Test
    public void aRestartBeforeTheRevertWasMadeMakesItOnResume() throws Exception {
        String ours = deployBroken();
        argo.autopilot(Duration.ofMillis(20));
        List<Runnable> heldBack = new java.util.concurrent.CopyOnWriteArrayList<>();
        TestStepContext first = context();
        GitopsWaitExecution execution = new GitopsWaitExecution(first, step(), services(new WaitRevert(credentials,
                List::of, () -> tmp.getRoot().toPath().resolve("controller-cache"), heldBack::add)));
        execution.start();
        long end = System.nanoTime() + LIMIT.toNanos();
        while (heldBack.isEmpty()) {
            assertTrue("the revert was asked for within " + LIMIT + ": " + log.text(), System.nanoTime() < end);
            LockSupport.parkNanos(5_000_000);
        }

        byte[] programDat = ProgramState.write(execution);
        execution.abandon();
        GitopsWaitExecution resumed = ((GitopsWaitExecution) ProgramState.read(programDat)).withServices(services());
        TestStepContext fresh = ((TestStepContext) resumed.getContext()).with(Run.class, run).with(TaskListener.class, log);
        resumed.onResume();
        Throwable failure = fresh.awaitFailure(LIMIT);

        assertThat(log.text(), containsString("[gitops] Resuming the revert of " + ours.substring(0, 12) + " after a restart"));
        assertThat(failure.getMessage(), containsString("\nonFailure: 'revert': reverted " + ours.substring(0, 12)
                + " with " + repo.head().substring(0, 12) + "; the revert is applied and healthy"));
        assertEquals("one revert", ours, parent(repo.head()));
        first.assertRunning();
    }

    @Test
    public void aRestartAfterTheRevertWasHealthyButBeforeTheStepEndedStillFailsTheStep() throws Exception {
        deployBroken();
        argo.autopilot(Duration.ofMillis(20));
        TestStepContext first = context();
        GitopsWaitExecution execution = new GitopsWaitExecution(first, step(), services());
        execution.start();
        first.awaitFailure(LIMIT);

        GitopsWaitExecution resumed = ((GitopsWaitExecution) ProgramState.read(ProgramState.write(execution)))
                .withServices(services());
        TestStepContext fresh = ((TestStepContext) resumed.getContext()).with(Run.class, run).with(TaskListener.class, log);
        resumed.onResume();
        Throwable failure = fresh.awaitFailure(LIMIT);

        assertThat("a failed deployment never passes", failure.getMessage(),
                containsString("; the revert is applied and healthy: Argo CD application shop-web is Synced and Healthy at "
                        + repo.head().substring(0, 12)));
    }

    @Test
    public void aStopBeforeTheRevertIsMadeEndsTheStepAndPushesNothing() throws Exception {
        String ours = deployBroken();
        argo.autopilot(Duration.ofMillis(20));
        List<Runnable> heldBack = new java.util.concurrent.CopyOnWriteArrayList<>();
        TestStepContext context = context();
        GitopsWaitExecution execution = new GitopsWaitExecution(context, step(), services(new WaitRevert(credentials,
                List::of, () -> tmp.getRoot().toPath().resolve("controller-cache"), heldBack::add)));
        execution.start();
        long end = System.nanoTime() + LIMIT.toNanos();
        while (heldBack.isEmpty()) {
            assertTrue("the revert was asked for within " + LIMIT, System.nanoTime() < end);
            LockSupport.parkNanos(5_000_000);
        }

        execution.stop(new InterruptedException("aborted by the user"));
        Throwable failure = context.awaitFailure(LIMIT);
        heldBack.forEach(Runnable::run);

        assertEquals("aborted by the user", failure.getMessage());
        assertEquals("nothing pushed", ours, repo.head());
        assertThat(log.text(), containsString("[gitops] Stopped before the revert of " + ours.substring(0, 12)
                + " was made: gitopsWait: Argo CD application shop/shop-web: "));
        assertEquals("one record for the target, no second one for the stop", 1,
                GitopsRunAction.of(run).getWaits().size());
    }

    @Test
    public void aCommitSignedWithTheStepsKeyIsRevertedSignedWithTheSameKey() throws Exception {
        io.jenkins.plugins.gitops.core.testing.SshSigningKeys keys =
                new io.jenkins.plugins.gitops.core.testing.SshSigningKeys(tmp.newFolder("ssh").toPath());
        io.jenkins.plugins.gitops.core.testing.SshSigningKeys.Key key = keys.make("signer", "ed25519", "");
        io.jenkins.plugins.gitops.core.testing.SshSigningKeys.trust(upstream.toPath(),
                keys.allowedSigners(CommitRequest.DEFAULT_AUTHOR.email(), key));
        credentials.sshKey("sign", "deploy", key.privateKey());
        String previousCache = System.setProperty(io.jenkins.plugins.gitops.commit.CommitCallable.CACHE_DIR_PROPERTY,
                tmp.newFolder("agent").toString());
        String ours;
        try {
            io.jenkins.plugins.gitops.commit.GitopsCommitStep deploy = new io.jenkins.plugins.gitops.commit.GitopsCommitStep(
                    List.of(new io.jenkins.plugins.gitops.changes.YamlValueChange("apps/shop/values.yaml", "web.tag", "2.0")));
            deploy.setUrl(repoUrl);
            deploy.setBranch("main");
            deploy.setSigningKeyCredentialsId("sign");
            ours = (String) io.jenkins.plugins.gitops.commit.CommitSteps.run(deploy, context()
                    .with(hudson.FilePath.class, new hudson.FilePath(tmp.newFolder("workspace")))
                    .with(hudson.EnvVars.class, new hudson.EnvVars()), credentials).get("commit");
        } finally {
            if (previousCache == null) System.clearProperty(io.jenkins.plugins.gitops.commit.CommitCallable.CACHE_DIR_PROPERTY);
            else System.setProperty(io.jenkins.plugins.gitops.commit.CommitCallable.CACHE_DIR_PROPERTY, previousCache);
        }
        broken.add(ours);
        argo.autopilot(Duration.ofMillis(20));
        TestStepContext context = context();

        new GitopsWaitExecution(context, step(), services()).start();
        assertThat(context.awaitFailure(LIMIT).getMessage(), containsString("the revert is applied and healthy"));

        String revert = repo.head();
        assertEquals(ours, parent(revert));
        assertEquals("the revert is signed as the commit was", 0,
                io.jenkins.plugins.gitops.core.testing.SshSigningKeys.verify(upstream.toPath(), revert));
    }

    @Test
    public void aCommitThatLandedThroughAPullRequestIsRevertedThroughOneAndTheStepSaysWhichToMerge() throws Exception {
        String token = "ghp_revert_on_failure_61";
        credentials.userPass("git-creds", "bot", "pw").secretText("github-token", token);
        try (io.jenkins.plugins.gitops.core.testing.HttpGitServer server =
                        io.jenkins.plugins.gitops.core.testing.HttpGitServer.start(tmp.getRoot().toPath(), "bot", "pw");
                io.jenkins.plugins.gitops.core.pr.GitHubSimulator github =
                        new io.jenkins.plugins.gitops.core.pr.GitHubSimulator("git", "upstream", token, upstream.toPath())) {
            String httpUrl = server.url("upstream.git");
            argo.mutate("shop-web", app -> app.repoUrl = httpUrl);
            String ours = commit("shop-web 2.0 (merged)", new YamlValue("apps/shop/values.yaml", "web.tag", "2.0", null))
                    .commit();
            broken.add(ours);
            GitopsRunAction.CommitRecord merged = new GitopsRunAction.CommitRecord(httpUrl, "main", null, ours,
                    List.of("apps/shop/values.yaml"), true, "git-creds");
            GitopsRunAction.recordCommit(run, merged);
            GitopsRunAction.recordPullRequest(run, new io.jenkins.plugins.gitops.pullrequest.PullRequestRecord(httpUrl, 7,
                    github.apiUrl() + "/pulls/7", "merged", "gitops/shop-deploy-51", "main", ours, "github",
                    github.apiUrl(), "github-token", merged));
            argo.autopilot(Duration.ofMillis(20));
            TestStepContext context = context();

            new GitopsWaitExecution(context, step(), services()).start();
            Throwable failure = context.awaitFailure(LIMIT);

            assertThat(failure.getMessage(), containsString("Degraded"));
            assertThat(failure.getMessage(), containsString("\nonFailure: 'revert': the revert of " + ours.substring(0, 12)
                    + " is pull request #"));
            assertThat(failure.getMessage(), containsString(", open: merge it to roll back"));
            assertEquals("the branch that takes pull requests is not pushed to", ours, repo.head());
            assertThat(log.text(), containsString("[gitops] pull request #"));
            java.util.regex.Matcher number = java.util.regex.Pattern.compile("pull request #(\\d+)")
                    .matcher(failure.getMessage());
            assertTrue(number.find());
            var opened = github.pull(Integer.parseInt(number.group(1)));
            assertEquals("Revert " + ours.substring(0, 12) + ": its deployment failed", opened.path("title").asText());
            assertEquals("web:\n  tag: \"1.0\"\n", file(opened.path("head").path("ref").asText(), "apps/shop/values.yaml"));
        }
    }

    @Test
    public void whenSomeoneChangedAllThatOurCommitWroteNothingIsRevertedAndTheStepSaysSo() throws Exception {
        String ours = deployBroken();
        String theirs = commit("hotfix 2.1", new YamlValue("apps/shop/values.yaml", "web.tag", "2.1", null)).commit();
        broken.add(theirs);
        argo.autopilot(Duration.ofMillis(20));
        TestStepContext context = context();

        new GitopsWaitExecution(context, step(), services()).start();
        Throwable failure = context.awaitFailure(LIMIT);

        assertThat(failure.getMessage(), containsString("Degraded"));
        assertThat(failure.getMessage(), containsString("\nonFailure: 'revert': nothing was reverted: others changed"
                + " all that " + ours.substring(0, 12) + " wrote since (apps/shop/values.yaml web.tag: is \"2.1\" now"));
        assertEquals("nothing pushed", theirs, repo.head());
    }

    private String parent(String sha) throws Exception {
        try (Git git = Git.open(upstream); var walk = new org.eclipse.jgit.revwalk.RevWalk(git.getRepository())) {
            return walk.parseCommit(git.getRepository().resolve(sha)).getParent(0).name();
        }
    }

}
