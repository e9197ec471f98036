package io.jenkins.plugins.gitops.checkout;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.gitops.GitopsRunAction;
import io.jenkins.plugins.gitops.config.ConfigRepository;
import io.jenkins.plugins.gitops.config.RepositoryDirectory;
import io.jenkins.plugins.gitops.core.git.BranchQueue;
import io.jenkins.plugins.gitops.core.git.TransactionListener;
import io.jenkins.plugins.gitops.core.testing.GitCli;
import io.jenkins.plugins.gitops.core.testing.HttpGitServer;
import io.jenkins.plugins.gitops.core.testing.TestRepos;
import io.jenkins.plugins.gitops.credentials.CredentialLookup;
import io.jenkins.plugins.gitops.testing.FakeRun;
import io.jenkins.plugins.gitops.testing.FileTaskListener;
import io.jenkins.plugins.gitops.testing.ProgramState;
import io.jenkins.plugins.gitops.testing.TestBodyInvoker;
import io.jenkins.plugins.gitops.testing.TestCredentials;
import io.jenkins.plugins.gitops.testing.TestStepContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@code withGitopsRepo { … }} as Pipeline runs the block step: a test context whose body edits the checkout (or
 * fails), on its own thread, against a real smart-HTTP git server with the git CLI as the oracle.
 */
public class WithGitopsRepoStepTest {
    private static final String USER = "block-bot";
    private static final String PASSWORD = "block-pass-7730";
    private static final String KUSTOMIZATION = "apps/shop/kustomization.yaml";
    private static final Duration LIMIT = Duration.ofSeconds(60);

    private static final String PR_TOKEN = "ghp_with_gitops_repo_77";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private HttpGitServer server;
    private Path bare;
    private Path workspace;
    private FileTaskListener log;
    private final Set<String> lookupThreads = ConcurrentHashMap.newKeySet();
    private final CredentialLookup lookup = (id, run) -> {
        lookupThreads.add(Thread.currentThread().getName());
        return id.equals("bot") ? new TestCredentials.UserPass(id, USER, PASSWORD)
                : id.equals("github-token") ? new TestCredentials.Token(id, PR_TOKEN) : null;
    };
    private final Map<String, ConfigRepository> configured = new HashMap<>();
    private final RepositoryDirectory directory = name -> Optional.ofNullable(configured.get(name));

    @Before
    public void start() throws Exception {
        Path root = tmp.newFolder("repos").toPath();
        bare = TestRepos.createBare(root, "shop-config.git", Map.of(
                KUSTOMIZATION, "images:\n- name: registry.example.com/shop/web\n  newTag: \"41\"\n"));
        server = HttpGitServer.start(root, USER, PASSWORD);
        workspace = tmp.newFolder("workspace").toPath();
        log = new FileTaskListener(tmp.newFile("log").toPath());
    }

    @After
    public void stop() throws Exception {
        server.close();
    }

    private WithGitopsRepoStep step() {
        WithGitopsRepoStep step = new WithGitopsRepoStep();
        step.setUrl(server.url("shop-config.git"));
        step.setCredentialsId("bot");
        step.setBranch("main");
        step.setDir("config");
        step.setMessage("bump shop");
        return step;
    }

    private TestStepContext context(FakeRun run, TestBodyInvoker.Body body) {
        return new TestStepContext()
                .with(Run.class, run)
                .with(TaskListener.class, log)
                .with(FilePath.class, new FilePath(workspace.toFile()))
                .with(EnvVars.class, new EnvVars(Map.of("GIT_URL", "https://git.example.com/shop/web.git")))
                .withBody(body);
    }

    private WithGitopsRepoExecution start(WithGitopsRepoStep step, TestStepContext context) {
        WithGitopsRepoExecution execution = new WithGitopsRepoExecution(context, step.settings(), lookup, directory);
        assertFalse("the step goes on asynchronously", execution.start());
        return execution;
    }

    private static void bumpTag(EnvVars env, String tag) throws IOException {
        Files.writeString(Path.of(env.get("GITOPS_DIR"), KUSTOMIZATION),
                "images:\n- name: registry.example.com/shop/web\n  newTag: \"" + tag + "\"\n");
    }

    private String head() {
        return GitCli.run(bare, "rev-parse", "main").strip();
    }

    @Test
    public void whatTheBlockChangedIsCommittedWithTrailersAndPushed() throws Exception {
        String base = head();
        FakeRun run = new FakeRun("shop/deploy", 42);
        TestStepContext context = context(run, env -> bumpTag(env, "42"));

        start(step(), context);
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) context.awaitSuccess(LIMIT);

        String pushed = head();
        assertEquals(base, GitCli.run(bare, "rev-parse", "main^").strip());
        assertEquals("images:\n- name: registry.example.com/shop/web\n  newTag: \"42\"\n", TestRepos.show(bare, "main", KUSTOMIZATION));
        assertEquals(Map.of("commit", pushed, "changed", true, "created", true, "alreadyPresent", false,
                "repository", server.url("shop-config.git"), "branch", "main", "files", List.of(KUSTOMIZATION),
                "attempts", 1, "signed", false), result);
        String message = GitCli.run(bare, "log", "-1", "--format=%B", "main");
        assertTrue(message, message.startsWith("bump shop\n"));
        assertTrue(message, message.contains("\nJenkins-Build-URL: job/shop/job/deploy/42/\n"));
        assertTrue(message, message.contains("\nJenkins-Job: shop/deploy\n"));
        assertTrue(message, message.contains("\nJenkins-Build-Number: 42\n"));
        assertTrue(message, message.contains("\nGitops-Change-Id: shop/deploy#42:"));
        GitCli.run(bare, "fsck", "--strict");

        GitopsRunAction.CommitRecord recorded = GitopsRunAction.of(run).getCommits().get(0);
        assertEquals(pushed, recorded.getSha());
        assertEquals(List.of(KUSTOMIZATION), recorded.getFiles());
        String text = log.text();
        assertTrue(text, text.contains("[gitops] " + server.url("shop-config.git") + " main: pushed " + pushed + " after 1 attempt(s)"));
        assertFalse(text, text.contains(PASSWORD));
        assertEquals("credentials are resolved off the caller's thread, at checkout and at commit",
                Set.of("withGitopsRepo git work"), lookupThreads);
    }

    @Test
    public void withAPullRequestWhatTheBlockChangedLandsOnABranchOfOursAndMainIsUntouched() throws Exception {
        String base = head();
        System.setProperty(io.jenkins.plugins.gitops.commit.CommitCallable.CACHE_DIR_PROPERTY, tmp.newFolder("cache").toString());
        try (io.jenkins.plugins.gitops.core.pr.GitHubSimulator github =
                new io.jenkins.plugins.gitops.core.pr.GitHubSimulator("git", "shop-config", PR_TOKEN, bare)) {
            WithGitopsRepoStep step = step();
            io.jenkins.plugins.gitops.commit.PullRequestOption pr = new io.jenkins.plugins.gitops.commit.PullRequestOption("github-token");
            pr.setApiUrl(github.apiUrl());
            pr.setLabels(List.of("deploy"));
            step.setPullRequest(pr);
            FakeRun run = new FakeRun("shop/deploy", 46);
            TestStepContext context = context(run, env -> bumpTag(env, "46"));

            start(step, context);
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) context.awaitSuccess(LIMIT);

            assertEquals("main is untouched", base, head());
            @SuppressWarnings("unchecked")
            Map<String, Object> opened = (Map<String, Object>) result.get("pullRequest");
            assertEquals("open", opened.get("state"));
            String branch = (String) opened.get("branch");
            assertTrue(branch, branch.startsWith("gitops/shop-deploy-46-"));
            assertEquals("images:\n- name: registry.example.com/shop/web\n  newTag: \"46\"\n",
                    TestRepos.show(bare, branch, KUSTOMIZATION));
            assertEquals(base, GitCli.run(bare, "rev-parse", branch + "^").strip());
            assertEquals("deploy", github.pull((Integer) opened.get("number")).path("labels").path(0).path("name").asText());
            assertEquals("open", GitopsRunAction.of(run).lastPullRequest().getState());
            assertFalse(log.text().contains(PR_TOKEN));
        } finally {
            System.clearProperty(io.jenkins.plugins.gitops.commit.CommitCallable.CACHE_DIR_PROPERTY);
        }
    }

    @Test
    public void theBlockSeesWhereTheCheckoutIsAndKeepsTheEnvironmentItHad() throws Exception {
        FakeRun run = new FakeRun("shop/deploy", 43);
        TestStepContext context = context(run, env -> { })
                .with(EnvironmentExpander.class, EnvironmentExpander.constant(Map.of("TAG", "43")));

        start(step(), context);
        TestBodyInvoker invoker = context.awaitInvoker(LIMIT);
        EnvVars env = invoker.awaitBodyEnvironment(LIMIT.toSeconds());
        context.awaitSuccess(LIMIT);

        assertEquals(workspace.resolve("config").toString(), env.get("GITOPS_DIR"));
        assertEquals(server.url("shop-config.git"), env.get("GITOPS_REPOSITORY"));
        assertEquals("main", env.get("GITOPS_BRANCH"));
        assertEquals("the enclosing withEnv still applies", "43", env.get("TAG"));
        assertEquals("https://git.example.com/shop/web.git", env.get("GIT_URL"));
        assertEquals(1, invoker.contexts().size());
        assertTrue(invoker.contexts().get(0) instanceof EnvironmentExpander);
        assertTrue(Files.exists(workspace.resolve("config/" + KUSTOMIZATION)));
    }

    @Test
    public void aFailedBlockPushesNothingAndFailsTheStepWithItsError() throws Exception {
        String base = head();
        IOException kustomizeFailed = new IOException("kustomize edit failed");
        FakeRun run = new FakeRun("shop/deploy", 44);
        TestStepContext context = context(run, env -> {
            bumpTag(env, "44");
            throw kustomizeFailed;
        });

        start(step(), context);

        assertSame(kustomizeFailed, context.awaitFailure(LIMIT));
        assertEquals(base, head());
        assertEquals("1", GitCli.run(bare, "rev-list", "--count", "--all").strip());
        assertTrue(log.text(), log.text().contains("[gitops] The block failed: nothing committed or pushed; the changes stay in config"));
        assertTrue("the edit is left for inspection",
                Files.readString(workspace.resolve("config/" + KUSTOMIZATION)).contains("\"44\""));
        assertNull(run.getAction(GitopsRunAction.class));
    }

    @Test
    public void aBlockThatChangesNothingMakesNoCommit() throws Exception {
        String base = head();
        TestStepContext context = context(new FakeRun("shop/deploy", 45), env -> { });

        start(step(), context);
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) context.awaitSuccess(LIMIT);

        assertEquals(base, head());
        assertEquals(false, result.get("changed"));
        assertEquals(base, result.get("commit"));
    }

    @Test
    public void aConfiguredRepositoryGivesUrlCredentialsBranchAuthorAndMessage() throws Exception {
        ConfigRepository repo = new ConfigRepository("shop-config", server.url("shop-config.git"));
        repo.setCredentialsId("bot");
        repo.setDefaultBranch("main");
        repo.setAuthorName("Deploy Bot");
        repo.setAuthorEmail("deploy-bot@example.com");
        repo.setMessageTemplate("Deploy from ${JOB_NAME} #${BUILD_NUMBER}");
        configured.put("shop-config", repo);
        WithGitopsRepoStep step = new WithGitopsRepoStep();
        step.setRepository("shop-config");
        TestStepContext context = context(new FakeRun("shop/deploy", 46), env -> bumpTag(env, "46"));

        start(step, context);
        context.awaitSuccess(LIMIT);

        assertTrue(Files.isDirectory(workspace.resolve("shop-config")));
        assertEquals("Deploy from shop/deploy #46", GitCli.run(bare, "log", "-1", "--format=%s", "main").strip());
        assertEquals("Deploy Bot <deploy-bot@example.com>", GitCli.run(bare, "log", "-1", "--format=%an <%ae>", "main").strip());
    }

    @Test
    public void aCheckoutThatFailsStartsNoBlock() throws Exception {
        WithGitopsRepoStep step = new WithGitopsRepoStep();
        step.setRepository("nope");
        TestStepContext context = context(new FakeRun("shop/deploy", 47), env -> { });

        start(step, context);

        Throwable e = context.awaitFailure(LIMIT);
        assertTrue(String.valueOf(e), e instanceof AbortException);
        assertEquals("withGitopsRepo: repository 'nope' is not configured in Manage Jenkins » System » GitOps", e.getMessage());
        assertNull(context.invoker());
    }

    @Test
    public void theExecutionHoldsNoSecretAndCommitsWhenTheBlockEndsAfterARestart() throws Exception {
        CountDownLatch snapshotTaken = new CountDownLatch(1);
        FakeRun run = new FakeRun("shop/deploy", 48);
        TestStepContext context = context(run, env -> {
            bumpTag(env, "48");
            if (!snapshotTaken.await(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("no snapshot");
            }
            throw new IllegalStateException("this Jenkins went down during the block");
        });
        WithGitopsRepoExecution execution = start(step(), context);
        TestBodyInvoker invoker = context.awaitInvoker(LIMIT);
        invoker.awaitBodyEnvironment(LIMIT.toSeconds());

        byte[] bytes = ProgramState.write(new Object[] {execution, invoker.callback()});
        snapshotTaken.countDown();
        invoker.awaitEnd(LIMIT.toSeconds());
        assertFalse("no secret in the saved program", new String(bytes, StandardCharsets.ISO_8859_1).contains(PASSWORD));

        Object[] restored = (Object[]) ProgramState.read(bytes);
        WithGitopsRepoExecution resumed = ((WithGitopsRepoExecution) restored[0]).withSeams(lookup, directory);
        TestStepContext resumedContext = ((TestStepContext) resumed.getContext())
                .with(Run.class, run).with(TaskListener.class, log).with(FilePath.class, new FilePath(workspace.toFile()));
        resumed.onResume();
        resumedContext.assertRunning();
        ((BodyExecutionCallback) restored[1]).onSuccess(resumedContext, null);

        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) resumedContext.awaitSuccess(LIMIT);
        assertEquals(head(), result.get("commit"));
        assertTrue(TestRepos.show(bare, "main", KUSTOMIZATION).contains("\"48\""));
    }

    @Test
    public void aRestartDuringTheCheckoutOrTheCommitFailsTheStepClearly() throws Exception {
        TestStepContext checkingOut = new TestStepContext();
        WithGitopsRepoExecution notStarted = new WithGitopsRepoExecution(checkingOut, step().settings(), lookup, directory);
        WithGitopsRepoExecution resumedCheckout = (WithGitopsRepoExecution) ProgramState.read(ProgramState.write(notStarted));
        resumedCheckout.onResume();
        assertEquals("withGitopsRepo: Jenkins restarted during the checkout of the config repository; nothing was committed or pushed",
                ((TestStepContext) resumedCheckout.getContext()).awaitFailure(LIMIT).getMessage());

        TestStepContext context = context(new FakeRun("shop/deploy", 49), env -> bumpTag(env, "49"));
        WithGitopsRepoExecution execution;
        try (BranchQueue.Turn otherBuild = BranchQueue.await(server.url("shop-config.git"), "main", "another build",
                LIMIT, TransactionListener.NONE)) {
            execution = start(step(), context);
            context.awaitInvoker(LIMIT).awaitEnd(LIMIT.toSeconds());
            assertEquals("the commit waits for the other build's turn", WithGitopsRepoExecution.Phase.COMMITTING, execution.phase());
            assertTrue(execution.blocksRestart());

            WithGitopsRepoExecution resumed = (WithGitopsRepoExecution) ProgramState.read(ProgramState.write(execution));
            resumed.onResume();
            assertEquals("withGitopsRepo: Jenkins restarted while the changes in config were being committed and pushed; "
                    + "see whether main of " + server.url("shop-config.git") + " has them",
                    ((TestStepContext) resumed.getContext()).awaitFailure(LIMIT).getMessage());
        }
        context.awaitSuccess(LIMIT);
        assertTrue("this Jenkins, still running, pushes once the turn is free",
                TestRepos.show(bare, "main", KUSTOMIZATION).contains("\"49\""));
    }
}
