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
import hudson.util.Secret;
import io.jenkins.plugins.gitops.core.testing.GitCli;
import io.jenkins.plugins.gitops.core.testing.HttpGitServer;
import io.jenkins.plugins.gitops.core.testing.TestRepos;
import io.jenkins.plugins.gitops.credentials.CredentialLookup;
import io.jenkins.plugins.gitops.testing.FakeRun;
import io.jenkins.plugins.gitops.testing.FileTaskListener;
import io.jenkins.plugins.gitops.testing.WrapperContexts;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
    private final CredentialLookup lookup = (id, run) -> id.equals("bot") ? new UserPass(id, PASSWORD) : null;

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
        GitopsRepoWrapper w = new GitopsRepoWrapper().withSeams(lookup, name -> null);
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

    private void tearDown(SimpleBuildWrapper.Context context, FakeRun run) throws Exception {
        context.getDisposer().tearDown(run, new FilePath(workspace.toFile()), null, log);
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

        assertEquals("post-build actions of a Freestyle job see the commit", pushed, context.getEnv().get("GITOPS_COMMIT"));
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
        assertNull(context.getEnv().get("GITOPS_COMMIT"));
        assertTrue("the edit is left for inspection",
                Files.readString(workspace.resolve("config/" + KUSTOMIZATION)).contains("\"43\""));
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
        assertEquals(base, context.getEnv().get("GITOPS_COMMIT"));
        assertTrue(log.text(), log.text().contains("main: nothing changed in config; main is at " + base));
    }

    @Test
    public void theDisposerIsSmallHoldsNoSecretAndPushesAfterARestart() throws Exception {
        FakeRun run = new FakeRun("shop/deploy", 46);
        SimpleBuildWrapper.Context context = setUp(wrapper(), run);
        byte[] bytes = serialize(context.getDisposer());
        assertFalse("no secret in the serialized disposer", new String(bytes, StandardCharsets.ISO_8859_1).contains(PASSWORD));
        assertTrue("small: " + bytes.length + " bytes", bytes.length < 2048);
        bumpTag("46");

        CommitOnSuccess restored = ((CommitOnSuccess) deserialize(bytes)).withLookup(lookup);
        restored.tearDown(run, new FilePath(workspace.toFile()), null, log);

        assertTrue(TestRepos.show(bare, "main", KUSTOMIZATION).contains("\"46\""));
        assertNull("Pipeline copied the block's variables when it started", context.getEnv().get("GITOPS_COMMIT"));
    }

    @Test
    public void theCredentialsAreLookedUpAgainAtTearDown() throws Exception {
        FakeRun run = new FakeRun("shop/deploy", 47);
        SimpleBuildWrapper.Context context = setUp(wrapper(), run);
        bumpTag("47");
        CommitOnSuccess disposer = ((CommitOnSuccess) context.getDisposer())
                .withLookup((id, r) -> new UserPass(id, "rotated-" + PASSWORD));

        AbortException e = assertThrows(AbortException.class,
                () -> disposer.tearDown(run, new FilePath(workspace.toFile()), null, log));

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
        GitopsRepoWrapper w = new GitopsRepoWrapper().withSeams(lookup, name -> null);
        w.setRepository("shop-config");
        AbortException e = assertThrows(AbortException.class, () -> setUp(w, new FakeRun("shop/deploy", 50)));
        assertEquals("withGitopsRepo: repository 'shop-config' is not configured in Manage Jenkins » System » GitOps",
                e.getMessage());
    }

    @Test
    public void aConfiguredRepositoryGivesUrlCredentialsAndBranch() throws Exception {
        GitopsRepoWrapper w = new GitopsRepoWrapper().withSeams(lookup, name -> name.equals("shop-config")
                ? new ConfiguredRepository(name, server.url("shop-config.git"), "bot", "main") : null);
        w.setRepository("shop-config");
        FakeRun run = new FakeRun("shop/deploy", 51);
        SimpleBuildWrapper.Context context = setUp(w, run);
        assertEquals(workspace.resolve("shop-config").toString(), context.getEnv().get("GITOPS_DIR"));
        Files.writeString(workspace.resolve("shop-config/apps/shop/new.yaml"), "kind: Service\n");
        tearDown(context, run);
        assertEquals("kind: Service\n", TestRepos.show(bare, "main", "apps/shop/new.yaml"));
        assertTrue(GitCli.run(bare, "log", "-1", "--format=%s", "main").startsWith("Update from shop/deploy #51"));
    }

    @Test
    public void urlOrRepositoryIsRequiredAndPasswordsInUrlsAreRefused() {
        GitopsRepoWrapper none = new GitopsRepoWrapper();
        assertEquals("withGitopsRepo: give 'repository' (from Manage Jenkins » System » GitOps) or 'url'",
                assertThrows(AbortException.class, none::target).getMessage());
        GitopsRepoWrapper both = wrapper();
        both.setRepository("shop-config");
        assertEquals("withGitopsRepo: give 'repository' or 'url', not both",
                assertThrows(AbortException.class, both::target).getMessage());
        GitopsRepoWrapper password = wrapper();
        password.setUrl("https://bot:" + PASSWORD + "@git.example.com/x.git");
        AbortException e = assertThrows(AbortException.class, password::target);
        assertFalse(e.getMessage().contains(PASSWORD));
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

    @Test
    public void theDefaultFolderIsTheRepositoryName() throws Exception {
        assertEquals("shop-config", WorkspaceFolder.defaultFor("https://git.example.com/platform/shop-config.git"));
        assertEquals("infra", WorkspaceFolder.defaultFor("git@github.com:acme/infra.git/"));
        assertEquals("gitops-config", WorkspaceFolder.defaultFor("https://git.example.com/"));
        assertEquals("a/b", WorkspaceFolder.of("./a//b/", "https://x/y.git"));
    }

    private static byte[] serialize(Object o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    private static Object deserialize(byte[] bytes) throws Exception {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        }
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
