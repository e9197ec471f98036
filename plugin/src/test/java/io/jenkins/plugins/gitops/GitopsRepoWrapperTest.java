package io.jenkins.plugins.gitops;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Result;
import hudson.model.Run;
import hudson.util.Secret;
import io.jenkins.plugins.gitops.checkout.CommitOnSuccess;
import io.jenkins.plugins.gitops.config.ConfigRepository;
import io.jenkins.plugins.gitops.config.RepositoryDirectory;
import io.jenkins.plugins.gitops.core.testing.GitCli;
import io.jenkins.plugins.gitops.core.testing.HttpGitServer;
import io.jenkins.plugins.gitops.core.testing.SshGitServer;
import io.jenkins.plugins.gitops.core.testing.TestRepos;
import io.jenkins.plugins.gitops.credentials.CredentialLookup;
import io.jenkins.plugins.gitops.testing.FakeRun;
import io.jenkins.plugins.gitops.testing.FileTaskListener;
import io.jenkins.plugins.gitops.testing.ProgramState;
import io.jenkins.plugins.gitops.testing.TestCredentials;
import io.jenkins.plugins.gitops.testing.WrapperContexts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import jenkins.tasks.SimpleBuildWrapper;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@code withGitopsRepo} as Jenkins drives it: set-up with a local workspace (the callables are serialized on their way
 * there, as to an agent), a body simulated by editing files, and tear-down, against a real smart-HTTP git server with
 * the git CLI as the oracle.
 */
public class GitopsRepoWrapperTest {
    private static final String USER = "wrapper-bot";
    private static final String PASSWORD = "wrap-pass-4417";
    private static final String KUSTOMIZATION = "apps/shop/kustomization.yaml";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private HttpGitServer server;
    private Path bare;
    private Path workspace;
    private FileTaskListener log;
    private final CredentialLookup lookup = (id, run) -> id.equals("bot") ? new UserPass(id, PASSWORD)
            : id.equals("github-token") ? new io.jenkins.plugins.gitops.testing.TestCredentials.Token(id, "ghp_freestyle_9") : null;
    private final Map<String, ConfigRepository> configured = new HashMap<>();
    private final RepositoryDirectory directory = name -> Optional.ofNullable(configured.get(name));

    @Before
    public void start() throws Exception {
        Path root = tmp.newFolder("repos").toPath();
        bare = TestRepos.createBare(root, "shop-config.git", Map.of(
                KUSTOMIZATION, "images:\n- name: registry.example.com/shop/web\n  newTag: \"41\"\n",
                "apps/shop/legacy.yaml", "kind: ConfigMap\n",
                ".gitignore", "*.bak\n"));
        server = HttpGitServer.start(root, USER, PASSWORD);
        workspace = tmp.newFolder("workspace").toPath();
        log = new FileTaskListener(tmp.newFile("log").toPath());
    }

    @After
    public void stop() throws Exception {
        server.close();
    }

    private GitopsRepoWrapper wrapper() {
        GitopsRepoWrapper w = new GitopsRepoWrapper().withSeams(lookup, directory);
        w.setUrl(server.url("shop-config.git"));
        w.setCredentialsId("bot");
        w.setBranch("main");
        w.setDir("config");
        w.setMessage("bump shop");
        return w;
    }

    private SimpleBuildWrapper.Context setUp(GitopsRepoWrapper wrapper, FakeRun run) throws Exception {
        SimpleBuildWrapper.Context context = WrapperContexts.newContext();
        wrapper.setUp(context, run, new FilePath(workspace.toFile()), null, log,
                new EnvVars(Map.of("GIT_URL", "https://git.example.com/shop/web.git")));
        return context;
    }

    /** The end of a build whose steps all succeeded, in Jenkins' order (see {@link FreestyleOrder}). */
    private void tearDown(SimpleBuildWrapper.Context context, FakeRun run) throws Exception {
        FreestyleOrder.end(context.getDisposer(), run, new FilePath(workspace.toFile()), log, FreestyleOrder.Steps.PASSED,
                context.getEnv());
    }

    /** {@code GITOPS_COMMIT} as a post-build action reads it: Freestyle copies the wrapper's variables with overrideAll. */
    private static String seenByPostBuildActions(SimpleBuildWrapper.Context context) {
        return new EnvVars().overrideAll(context.getEnv()).get("GITOPS_COMMIT");
    }

    private String head() {
        return GitCli.run(bare, "rev-parse", "main").strip();
    }

    private void bumpTag(String tag) throws IOException {
        Files.writeString(workspace.resolve("config/" + KUSTOMIZATION),
                "images:\n- name: registry.example.com/shop/web\n  newTag: \"" + tag + "\"\n");
    }

    @Test
    public void setUpChecksTheBranchOutAndExportsWhereItIs() throws Exception {
        SimpleBuildWrapper.Context context = setUp(wrapper(), new FakeRun("shop/deploy", 42));

        Path folder = workspace.resolve("config");
        assertEquals(Map.of("GITOPS_DIR", folder.toString(), "GITOPS_REPOSITORY", server.url("shop-config.git"),
                "GITOPS_BRANCH", "main"), context.getEnv());
        assertEquals(head(), GitCli.run(folder, "rev-parse", "HEAD").strip());
        assertTrue(Files.exists(folder.resolve(KUSTOMIZATION)));
        assertEquals(server.url("shop-config.git"), GitCli.run(folder, "config", "remote.origin.url").strip());
        assertNotNull(context.getDisposer());
        assertNoSecretIn(folder);
        assertFalse(log.text(), log.text().contains(PASSWORD));
    }

    @Test
    public void withAPullRequestTearDownOpensItFromABranchOfOurs() throws Exception {
        String base = head();
        System.setProperty(io.jenkins.plugins.gitops.commit.CommitCallable.CACHE_DIR_PROPERTY, tmp.newFolder("cache").toString());
        try (io.jenkins.plugins.gitops.core.pr.GitHubSimulator github =
                new io.jenkins.plugins.gitops.core.pr.GitHubSimulator("git", "shop-config", "ghp_freestyle_9", bare)) {
            GitopsRepoWrapper wrapper = wrapper();
            io.jenkins.plugins.gitops.commit.PullRequestOption pr =
                    new io.jenkins.plugins.gitops.commit.PullRequestOption("github-token");
            pr.setApiUrl(github.apiUrl());
            wrapper.setPullRequest(pr);
            FakeRun run = new FakeRun("shop/deploy", 47);
            SimpleBuildWrapper.Context context = setUp(wrapper, run);
            bumpTag("47");

            tearDown(context, run);

            assertEquals("main is untouched", base, head());
            var recorded = GitopsRunAction.of(run).lastPullRequest();
            assertEquals("open", recorded.getState());
            assertEquals("images:\n- name: registry.example.com/shop/web\n  newTag: \"47\"\n",
                    TestRepos.show(bare, recorded.getBranch(), KUSTOMIZATION));
            assertEquals(1, github.count());
            assertTrue(log.text(), log.text().contains("pull request #" + recorded.getNumber() + " into main is open"));
        } finally {
            System.clearProperty(io.jenkins.plugins.gitops.commit.CommitCallable.CACHE_DIR_PROPERTY);
        }
    }

    @Test
    public void tearDownCommitsAndPushesWhatTheBodyChanged() throws Exception {
        String base = head();
        FakeRun run = new FakeRun("shop/deploy", 42);
        SimpleBuildWrapper.Context context = setUp(wrapper(), run);
        bumpTag("42");
        Files.writeString(workspace.resolve("config/apps/shop/hpa.yaml"), "kind: HorizontalPodAutoscaler\n");
        Files.delete(workspace.resolve("config/apps/shop/legacy.yaml"));
        Files.writeString(workspace.resolve("config/apps/shop/kustomization.yaml.bak"), "backup\n");

        tearDown(context, run);

        String pushed = head();
        assertEquals(base, GitCli.run(bare, "rev-parse", "main^").strip());
        assertEquals(".gitignore\napps/shop/hpa.yaml\napps/shop/kustomization.yaml\n",
                GitCli.run(bare, "ls-tree", "-r", "--name-only", "main"));
        assertEquals("images:\n- name: registry.example.com/shop/web\n  newTag: \"42\"\n", TestRepos.show(bare, "main", KUSTOMIZATION));
        String message = GitCli.run(bare, "log", "-1", "--format=%B", "main");
        assertTrue(message, message.startsWith("bump shop\n"));
        assertTrue(message, message.contains("\nJenkins-Build-URL: job/shop/job/deploy/42/\n"));
        assertTrue(message, message.contains("\nJenkins-Job: shop/deploy\n"));
        assertTrue(message, message.contains("\nJenkins-Build-Number: 42\n"));
        assertTrue(message, message.contains("\nGitops-Change-Id: shop/deploy#42:"));
        assertEquals("GitOps Bridge <gitops-bridge@noreply.invalid>", GitCli.run(bare, "log", "-1", "--format=%an <%ae>", "main").strip());
        GitCli.run(bare, "fsck", "--strict");

        assertEquals("post-build actions of a Freestyle job see the commit", pushed, seenByPostBuildActions(context));
        String text = log.text();
        assertTrue(text, text.contains("+  newTag: \"42\""));
        assertTrue(text, text.contains("[gitops] " + server.url("shop-config.git") + " main: pushed " + pushed + " after 1 attempt(s)"));
        assertFalse(text, text.contains(PASSWORD));
        assertNoSecretIn(workspace.resolve("config"));
    }

    @Test
    public void aFailedBodyPushesNothing() throws Exception {
        String base = head();
        FakeRun run = new FakeRun("shop/deploy", 43);
        SimpleBuildWrapper.Context context = setUp(wrapper(), run);
        bumpTag("43");
        run.withResult(Result.FAILURE);

        tearDown(context, run);

        assertEquals(base, head());
        assertEquals("1", GitCli.run(bare, "rev-list", "--count", "--all").strip());
        assertTrue(log.text(), log.text().contains("[gitops] The build is FAILURE: nothing committed or pushed; the changes stay in config"));
        assertNull(seenByPostBuildActions(context));
        assertTrue("the edit is left for inspection",
                Files.readString(workspace.resolve("config/" + KUSTOMIZATION)).contains("\"43\""));
    }

    @Test
    public void aBuildStepThatFailsPushesNothingWhicheverWayItFails() throws Exception {
        String base = head();
        int number = 70;
        for (FreestyleOrder.Steps steps : new FreestyleOrder.Steps[] {
                FreestyleOrder.Steps.THREW, FreestyleOrder.Steps.RETURNED_FALSE}) {
            FakeRun run = new FakeRun("shop/deploy", number++);
            SimpleBuildWrapper.Context context = setUp(wrapper(), run);
            bumpTag(String.valueOf(number));

            FreestyleOrder.end(context.getDisposer(), run, new FilePath(workspace.toFile()), log, steps,
                    context.getEnv());

            assertEquals(steps.toString(), base, head());
            assertEquals(steps.toString(), Result.FAILURE, run.getResult());
            assertNull(steps.toString(), seenByPostBuildActions(context));
        }
        assertTrue(log.text(), log.text().contains("[gitops] The build is FAILURE: nothing committed or pushed"));
    }

    @Test
    public void aPushThatFailsAfterTheStepsPassedFailsTheBuild() throws Exception {
        FakeRun run = new FakeRun("shop/deploy", 72);
        SimpleBuildWrapper.Context context = setUp(wrapper(), run);
        bumpTag("72");
        CommitOnSuccess disposer = ((CommitOnSuccess) context.getDisposer())
                .withLookup((id, r) -> new UserPass(id, "wrong-" + PASSWORD));

        assertThrows(AbortException.class,
                () -> FreestyleOrder.end(disposer, run, new FilePath(workspace.toFile()), log, FreestyleOrder.Steps.PASSED));

        assertEquals(Result.FAILURE, run.getResult());
        assertTrue(log.text(), log.text().contains("withGitopsRepo: Push to "));
    }

    @Test
    public void inPipelineTheWrapperIsRefusedNamingTheStep() throws Exception {
        @SuppressWarnings("rawtypes")
        Run<?, ?> pipelineRun = new Run(null, 0L) { };
        AbortException e = assertThrows(AbortException.class, () -> wrapper().setUp(WrapperContexts.newContext(),
                pipelineRun, new FilePath(workspace.toFile()), null, log, new EnvVars()));

        assertTrue(e.getMessage(), e.getMessage().contains("withGitopsRepo(repository: '…') { … }"));
        assertFalse("nothing checked out", Files.exists(workspace.resolve("config")));
    }

    @Test
    public void anAbortedOrUnstableBuildPushesNothingEither() throws Exception {
        String base = head();
        for (Result result : new Result[] {Result.ABORTED, Result.UNSTABLE}) {
            FakeRun run = new FakeRun("shop/deploy", 44);
            SimpleBuildWrapper.Context context = setUp(wrapper(), run);
            bumpTag("44");
            tearDown(context, run.withResult(result));
            assertEquals(result.toString(), base, head());
        }
    }

    @Test
    public void aBodyThatChangesNothingMakesNoCommit() throws Exception {
        String base = head();
        FakeRun run = new FakeRun("shop/deploy", 45).withResult(Result.SUCCESS);
        SimpleBuildWrapper.Context context = setUp(wrapper(), run);

        tearDown(context, run);

        assertEquals(base, head());
        assertEquals(base, seenByPostBuildActions(context));
        assertTrue(log.text(), log.text().contains("main: nothing changed in config; main is at " + base));
    }

    @Test
    public void theDisposerIsSmallHoldsNoSecretAndPushesAfterARestart() throws Exception {
        FakeRun run = new FakeRun("shop/deploy", 46);
        SimpleBuildWrapper.Context context = setUp(wrapper(), run);
        byte[] bytes = ProgramState.write(context.getDisposer());
        assertFalse("no secret in the serialized disposer", new String(bytes, StandardCharsets.ISO_8859_1).contains(PASSWORD));
        assertTrue("small: " + bytes.length + " bytes", bytes.length < 2048);
        bumpTag("46");

        CommitOnSuccess restored = ((CommitOnSuccess) ProgramState.read(bytes)).withLookup(lookup);
        FreestyleOrder.end(restored, run, new FilePath(workspace.toFile()), log, FreestyleOrder.Steps.PASSED);

        assertTrue(TestRepos.show(bare, "main", KUSTOMIZATION).contains("\"46\""));
        assertNull("Pipeline copied the block's variables when it started", seenByPostBuildActions(context));
    }

    @Test
    public void theCredentialsAreLookedUpAgainAtTearDown() throws Exception {
        FakeRun run = new FakeRun("shop/deploy", 47);
        SimpleBuildWrapper.Context context = setUp(wrapper(), run);
        bumpTag("47");
        CommitOnSuccess disposer = ((CommitOnSuccess) context.getDisposer())
                .withLookup((id, r) -> new UserPass(id, "rotated-" + PASSWORD));

        AbortException e = assertThrows(AbortException.class,
                () -> FreestyleOrder.end(disposer, run, new FilePath(workspace.toFile()), log, FreestyleOrder.Steps.PASSED));

        assertTrue(e.getMessage(), e.getMessage().startsWith("withGitopsRepo: Push to " + server.url("shop-config.git") + " main failed"));
        assertFalse(e.getMessage(), e.getMessage().contains(PASSWORD));
        assertFalse(TestRepos.show(bare, "main", KUSTOMIZATION).contains("\"47\""));
    }

    @Test
    public void aConflictWithAnotherPipelineFailsNamingTheFile() throws Exception {
        FakeRun run = new FakeRun("shop/deploy", 48);
        SimpleBuildWrapper.Context context = setUp(wrapper(), run);
        bumpTag("48");
        String theirs = TestRepos.pushChange(tmp.getRoot().toPath(), bare, "hotfix",
                Map.of(KUSTOMIZATION, "images:\n- name: registry.example.com/shop/web\n  newTag: \"41-hotfix\"\n"));

        AbortException e = assertThrows(AbortException.class, () -> tearDown(context, run));

        assertTrue(e.getMessage(), e.getMessage().startsWith("withGitopsRepo: Conflict: main of "));
        assertTrue(e.getMessage(), e.getMessage().contains("in: " + KUSTOMIZATION + ". Nothing was pushed"));
        assertEquals(theirs, head());
    }

    @Test
    public void anotherPipelinesPushToOtherFilesIsKept() throws Exception {
        FakeRun run = new FakeRun("shop/deploy", 49);
        SimpleBuildWrapper.Context context = setUp(wrapper(), run);
        bumpTag("49");
        String theirs = TestRepos.pushChange(tmp.getRoot().toPath(), bare, "cart",
                Map.of("apps/cart/kustomization.yaml", "images: []\n"));

        tearDown(context, run);

        assertEquals(theirs, GitCli.run(bare, "rev-parse", "main^").strip());
        assertTrue(TestRepos.show(bare, "main", KUSTOMIZATION).contains("\"49\""));
        assertTrue(log.text(), log.text().contains("after 2 attempt(s)"));
    }

    @Test
    public void aRepositoryThatIsNotConfiguredIsNamed() {
        GitopsRepoWrapper w = new GitopsRepoWrapper().withSeams(lookup, directory);
        w.setRepository("shop-config");
        AbortException e = assertThrows(AbortException.class, () -> setUp(w, new FakeRun("shop/deploy", 50)));
        assertEquals("withGitopsRepo: repository 'shop-config' is not configured in Manage Jenkins » System » GitOps",
                e.getMessage());
    }

    @Test
    public void aConfiguredRepositoryGivesUrlCredentialsBranchAuthorAndMessage() throws Exception {
        ConfigRepository repo = new ConfigRepository("shop-config", server.url("shop-config.git"));
        repo.setCredentialsId("bot");
        repo.setDefaultBranch("main");
        repo.setAuthorName("Deploy Bot");
        repo.setAuthorEmail("deploy-bot@example.com");
        repo.setMessageTemplate("Deploy from ${JOB_NAME} #${BUILD_NUMBER} for ${TEAM}");
        configured.put("shop-config", repo);
        GitopsRepoWrapper w = new GitopsRepoWrapper().withSeams(lookup, directory);
        w.setRepository("shop-config");
        FakeRun run = new FakeRun("shop/deploy", 51);
        SimpleBuildWrapper.Context context = WrapperContexts.newContext();
        w.setUp(context, run, new FilePath(workspace.toFile()), null, log, new EnvVars(Map.of("TEAM", "shop")));
        assertEquals(workspace.resolve("shop-config").toString(), context.getEnv().get("GITOPS_DIR"));
        Files.writeString(workspace.resolve("shop-config/apps/shop/new.yaml"), "kind: Service\n");

        tearDown(context, run);

        assertEquals("kind: Service\n", TestRepos.show(bare, "main", "apps/shop/new.yaml"));
        assertEquals("Deploy from shop/deploy #51 for shop", GitCli.run(bare, "log", "-1", "--format=%s", "main").strip());
        assertEquals("Deploy Bot <deploy-bot@example.com>", GitCli.run(bare, "log", "-1", "--format=%an <%ae>", "main").strip());
    }

    @Test
    public void theConfiguredPushAttemptsBoundTheRetries() throws Exception {
        ConfigRepository repo = new ConfigRepository("shop-config", server.url("shop-config.git"));
        repo.setCredentialsId("bot");
        repo.setPushAttempts(1);
        configured.put("shop-config", repo);
        GitopsRepoWrapper w = new GitopsRepoWrapper().withSeams(lookup, directory);
        w.setRepository("shop-config");
        w.setDir("config");
        FakeRun run = new FakeRun("shop/deploy", 54);
        SimpleBuildWrapper.Context context = setUp(w, run);
        bumpTag("54");
        String theirs = TestRepos.pushChange(tmp.getRoot().toPath(), bare, "cart",
                Map.of("apps/cart/kustomization.yaml", "images: []\n"));

        AbortException e = assertThrows(AbortException.class, () -> tearDown(context, run));

        assertTrue(e.getMessage(), e.getMessage().contains("after 1 attempt(s)"));
        assertEquals(theirs, head());
    }

    @Test
    public void theCommitIsShownOnTheBuildPage() throws Exception {
        FakeRun run = new FakeRun("shop/deploy", 55);
        SimpleBuildWrapper.Context context = setUp(wrapper(), run);
        bumpTag("55");

        tearDown(context, run);

        List<GitopsRunAction.CommitRecord> commits = GitopsRunAction.of(run).getCommits();
        assertEquals(1, commits.size());
        GitopsRunAction.CommitRecord commit = commits.get(0);
        assertEquals(server.url("shop-config.git"), commit.getRepository());
        assertEquals("main", commit.getBranch());
        assertEquals(head(), commit.getSha());
        assertEquals(List.of(KUSTOMIZATION), commit.getFiles());
        assertTrue(commit.isChanged());
        assertEquals("bot", commit.credentialsId());
        assertTrue("saved with the build", run.saves() > 0);
    }

    @Test
    public void aConfiguredSshRepositoryIsReachedWithItsKnownHosts() throws Exception {
        Path sshRoot = tmp.newFolder("ssh-repos").toPath();
        Path sshBare = TestRepos.createBare(sshRoot, "infra.git", Map.of("app.yaml", "image: app:1\n"));
        try (SshGitServer ssh = SshGitServer.start(sshRoot)) {
            String key = ssh.clientPrivateKey();
            CredentialLookup sshLookup = (id, r) -> id.equals("deploy-key") ? new TestCredentials.SshKey(id, "git", key, null) : null;
            ConfigRepository repo = new ConfigRepository("infra", ssh.url("infra.git"));
            repo.setCredentialsId("deploy-key");
            configured.put("infra", repo);
            GitopsRepoWrapper w = new GitopsRepoWrapper().withSeams(sshLookup, directory);
            w.setRepository("infra");

            AbortException refused = assertThrows(AbortException.class, () -> setUp(w, new FakeRun("infra/deploy", 60)));
            assertTrue(refused.getMessage(), refused.getMessage().contains("the host key is not in the known hosts"));

            repo.setKnownHosts(ssh.knownHostsLine());
            FakeRun run = new FakeRun("infra/deploy", 61);
            SimpleBuildWrapper.Context context = setUp(w, run);
            Files.writeString(workspace.resolve("infra/app.yaml"), "image: app:2\n");
            tearDown(context, run);

            assertEquals("image: app:2\n", TestRepos.show(sshBare, "main", "app.yaml"));
        }
    }

    @Test
    public void urlOrRepositoryIsRequiredAndPasswordsInUrlsAreRefused() {
        GitopsRepoWrapper none = new GitopsRepoWrapper().withSeams(lookup, directory);
        assertEquals("withGitopsRepo: give 'repository' (from Manage Jenkins » System » GitOps) or 'url'",
                assertThrows(AbortException.class, () -> setUp(none, new FakeRun("shop/deploy", 56))).getMessage());
        GitopsRepoWrapper both = wrapper();
        both.setRepository("shop-config");
        assertEquals("withGitopsRepo: give either 'repository' or 'url', not both",
                assertThrows(AbortException.class, () -> setUp(both, new FakeRun("shop/deploy", 57))).getMessage());
        GitopsRepoWrapper password = wrapper();
        password.setUrl("https://bot:" + PASSWORD + "@git.example.com/x.git");
        AbortException e = assertThrows(AbortException.class, () -> setUp(password, new FakeRun("shop/deploy", 58)));
        assertEquals("withGitopsRepo: the repository URL holds a password; give credentialsId instead", e.getMessage());
    }

    @Test
    public void theFolderMustStayInsideTheWorkspace() {
        for (String dir : new String[] {"../elsewhere", "/etc/config", ".", "a/../../b"}) {
            GitopsRepoWrapper w = wrapper();
            w.setDir(dir);
            AbortException e = assertThrows(dir, AbortException.class, () -> setUp(w, new FakeRun("shop/deploy", 52)));
            assertTrue(e.getMessage(), e.getMessage().startsWith("withGitopsRepo: dir '" + dir + "' is refused: "));
        }
        assertFalse(Files.exists(workspace.getParent().resolve("elsewhere")));
    }

    @Test
    public void aFolderThroughASymbolicLinkIsRefused() throws Exception {
        Path outside = tmp.newFolder("outside").toPath();
        Files.createSymbolicLink(workspace.resolve("link"), outside);
        GitopsRepoWrapper w = wrapper();
        w.setDir("link/config");
        AbortException e = assertThrows(AbortException.class, () -> setUp(w, new FakeRun("shop/deploy", 53)));
        assertEquals("withGitopsRepo: Folder link/config goes through the symbolic link link; give a real folder of the workspace",
                e.getMessage());
        assertFalse(Files.exists(outside.resolve("config")));
    }

    private static void assertNoSecretIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                assertFalse(p + " holds the password", text.contains(PASSWORD));
                assertFalse(p + " holds the user name", text.contains(USER));
            }
        }
    }

    private static class UserPass implements StandardUsernamePasswordCredentials {
        @Override
        public com.cloudbees.plugins.credentials.CredentialsScope getScope() {
            return com.cloudbees.plugins.credentials.CredentialsScope.GLOBAL;
        }

        private static final long serialVersionUID = 1L;
        private final String id;
        private final String password;

        UserPass(String id, String password) {
            this.id = id;
            this.password = password;
        }

        @Override public String getId() { return id; }
        @Override public String getDescription() { return ""; }
        @Override public String getUsername() { return USER; }
        @Override public Secret getPassword() { return Secret.fromString(password); }
    }
}
