package io.jenkins.plugins.gitops.core.git;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.gitops.core.testing.GitCli;
import io.jenkins.plugins.gitops.core.testing.HttpGitServer;
import io.jenkins.plugins.gitops.core.testing.RecordingListener;
import io.jenkins.plugins.gitops.core.testing.TestRepos;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The working-tree transaction against a smart-HTTP server, with the git CLI as the oracle. */
public class CheckoutCommitterTest {
    @ClassRule
    public static TemporaryFolder tmp = new TemporaryFolder();

    static final String USER = "bot";
    static final String PASSWORD = "wt-pa55-Qx7";
    static final Credentials AUTH = new Credentials.UsernamePassword(USER, PASSWORD);
    static HttpGitServer server;
    static Path root;
    static final AtomicInteger names = new AtomicInteger();

    @BeforeClass
    public static void startServer() throws Exception {
        root = tmp.newFolder("repos").toPath();
        server = HttpGitServer.start(root, USER, PASSWORD);
    }

    @AfterClass
    public static void stopServer() throws Exception {
        server.close();
    }

    static String newRepo() {
        String name = "w" + names.incrementAndGet() + ".git";
        TestRepos.createBare(root, name, Map.of(
                "apps/shop/kustomization.yaml", "images:\n- name: web\n  newTag: \"1.0\"\n",
                "apps/shop/old.yaml", "kind: ConfigMap\n",
                "README.md", "config\n",
                ".gitignore", "*.tmp\n"));
        return name;
    }

    static Checkout checkout(String repo, Path folder) {
        return new CheckoutCommitter().checkout(
                new CheckoutRequest(server.url(repo), "main", folder, AUTH, null), new RecordingListener());
    }

    static CommitRequest.Builder request(String repo) {
        return CommitRequest.builder(server.url(repo)).branch("main").message("bump shop").credentials(AUTH)
                .author(new Identity("Jenkins", "jenkins@example.com"));
    }

    static CommitResult commit(Checkout c, CommitRequest request, RecordingListener log) {
        return new CheckoutCommitter(d -> {}, Backoff.DEFAULT).commitChanges(c.folder(), c.commit(), request, log);
    }

    static Path folder() throws IOException {
        return tmp.newFolder().toPath().resolve("config");
    }

    static String head(String repo) {
        return GitCli.run(root.resolve(repo), "rev-parse", "main").strip();
    }

    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    @Test
    public void commitsEditsAddsAndDeletesButNotIgnoredFiles() throws Exception {
        String repo = newRepo();
        Path folder = folder();
        Checkout c = checkout(repo, folder);
        assertEquals(head(repo), c.commit());
        assertEquals("main", c.branch());
        assertEquals(server.url(repo), c.repository());
        assertFalse(c.reused());
        assertEquals("only the tip is fetched", "true", GitCli.run(folder, "rev-parse", "--is-shallow-repository").strip());

        write(folder.resolve("apps/shop/kustomization.yaml"), "images:\n- name: web\n  newTag: \"1.1\"\n");
        write(folder.resolve("apps/shop/new/service.yaml"), "kind: Service\n");
        Files.delete(folder.resolve("apps/shop/old.yaml"));
        write(folder.resolve("apps/shop/render.tmp"), "scratch\n");
        RecordingListener log = new RecordingListener();
        CommitResult r = commit(c, request(repo).skipCi(true)
                .build(new BuildInfo("https://ci.example.com/job/shop/5/", "shop", "5"))
                .idempotencyKey("shop#5:abc").build(), log);

        Path bare = root.resolve(repo);
        assertTrue(r.changed());
        assertEquals(1, r.attempts());
        assertEquals(head(repo), r.commit());
        assertEquals(c.commit(), GitCli.run(bare, "rev-parse", "main^").strip());
        assertEquals(List.of("apps/shop/kustomization.yaml", "apps/shop/new/service.yaml", "apps/shop/old.yaml"), r.files());
        assertEquals(".gitignore\nREADME.md\napps/shop/kustomization.yaml\napps/shop/new/service.yaml\n",
                GitCli.run(bare, "ls-tree", "-r", "--name-only", "main"));
        assertEquals("images:\n- name: web\n  newTag: \"1.1\"\n", TestRepos.show(bare, "main", "apps/shop/kustomization.yaml"));
        assertEquals("bump shop [skip ci]", GitCli.run(bare, "log", "-1", "--format=%s", "main").strip());
        String trailers = GitCli.run(bare, "log", "-1", "--format=%(trailers:only,unfold)", "main");
        assertTrue(trailers, trailers.contains("Jenkins-Build-URL: https://ci.example.com/job/shop/5/\n"));
        assertTrue(trailers, trailers.contains("Jenkins-Build-Number: 5\n"));
        assertTrue(trailers, trailers.contains("Gitops-Change-Id: shop#5:abc\n"));
        assertTrue(r.diff(), r.diff().contains("+  newTag: \"1.1\""));
        GitCli.run(bare, "fsck", "--strict");

        assertEquals("the folder is at the pushed commit", r.commit(), GitCli.run(folder, "rev-parse", "HEAD").strip());
        assertEquals("", GitCli.run(folder, "status", "--porcelain"));
        assertTrue("ignored files stay", Files.exists(folder.resolve("apps/shop/render.tmp")));
        assertFalse(log.all(), log.all().contains(PASSWORD));
    }

    @Test
    public void nothingChangedMakesNoCommit() throws Exception {
        String repo = newRepo();
        Path folder = folder();
        Checkout c = checkout(repo, folder);
        write(folder.resolve("README.md"), "changed\n");
        write(folder.resolve("README.md"), "config\n");
        write(folder.resolve("notes.tmp"), "ignored\n");
        CommitResult r = commit(c, request(repo).build(), new RecordingListener());
        assertFalse(r.changed());
        assertEquals(0, r.attempts());
        assertEquals(c.commit(), r.commit());
        assertEquals(c.commit(), head(repo));
    }

    @Test
    public void aRejectedPushIsReplayedOnTheNewTipAndRetried() throws Exception {
        String repo = newRepo();
        Path bare = root.resolve(repo);
        Path folder = folder();
        Checkout c = checkout(repo, folder);
        write(folder.resolve("apps/shop/kustomization.yaml"), "images:\n- name: web\n  newTag: \"1.2\"\n");
        String[] theirs = new String[1];
        RecordingListener log = new RecordingListener() {
            @Override
            public void beforePush(int attempt, String commit) {
                if (attempt == 1) theirs[0] = TestRepos.pushChange(tmp.getRoot().toPath(), bare, "someone else",
                        Map.of("README.md", "config, edited elsewhere\n"));
            }
        };
        CommitResult r = commit(c, request(repo).idempotencyKey("shop#6:def").build(), log);

        assertTrue(r.changed());
        assertEquals(2, r.attempts());
        assertEquals(head(repo), r.commit());
        assertEquals(theirs[0], GitCli.run(bare, "rev-parse", "main^").strip());
        assertEquals(List.of("apps/shop/kustomization.yaml"), r.files());
        assertEquals("images:\n- name: web\n  newTag: \"1.2\"\n", TestRepos.show(bare, "main", "apps/shop/kustomization.yaml"));
        assertEquals("config, edited elsewhere\n", TestRepos.show(bare, "main", "README.md"));
        assertTrue(GitCli.run(bare, "log", "-1", "--format=%B", "main").contains("Gitops-Change-Id: shop#6:def"));
        assertTrue(log.all(), log.all().contains("Replayed our commit on " + theirs[0].substring(0, 12)));
        assertEquals("config, edited elsewhere\n", Files.readString(folder.resolve("README.md")));
        assertEquals("", GitCli.run(folder, "status", "--porcelain"));
        GitCli.run(bare, "fsck", "--strict");
    }

    @Test
    public void aRealConflictNamesTheFilesPushesNothingAndResetsTheFolder() throws Exception {
        String repo = newRepo();
        Path bare = root.resolve(repo);
        Path folder = folder();
        Checkout c = checkout(repo, folder);
        write(folder.resolve("apps/shop/kustomization.yaml"), "images:\n- name: web\n  newTag: \"1.3\"\n");
        write(folder.resolve("apps/shop/extra.yaml"), "kind: Secret\n");
        String[] theirs = new String[1];
        RecordingListener log = new RecordingListener() {
            @Override
            public void beforePush(int attempt, String commit) {
                theirs[0] = TestRepos.pushChange(tmp.getRoot().toPath(), bare, "hotfix",
                        Map.of("apps/shop/kustomization.yaml", "images:\n- name: web\n  newTag: \"1.0-hotfix\"\n"));
            }
        };
        GitopsException e = assertThrows(GitopsException.class, () -> commit(c, request(repo).build(), log));

        assertTrue(e.getMessage(), e.getMessage().startsWith("Conflict: main of " + server.url(repo)));
        assertTrue(e.getMessage(), e.getMessage().contains("in: apps/shop/kustomization.yaml. Nothing was pushed"));
        assertFalse(e.getMessage(), e.getMessage().contains("extra.yaml"));
        assertEquals("only their commit landed", theirs[0], head(repo));
        assertEquals("2", GitCli.run(bare, "rev-list", "--count", "main").strip());
        assertEquals(theirs[0], GitCli.run(folder, "rev-parse", "HEAD").strip());
        assertEquals("", GitCli.run(folder, "status", "--porcelain", "--ignored"));
        assertEquals("images:\n- name: web\n  newTag: \"1.0-hotfix\"\n",
                Files.readString(folder.resolve("apps/shop/kustomization.yaml")));
        assertFalse(Files.exists(folder.resolve("apps/shop/extra.yaml")));
    }

    @Test
    public void givesUpAfterTheLastAttempt() throws Exception {
        String repo = newRepo();
        Path bare = root.resolve(repo);
        Path folder = folder();
        Checkout c = checkout(repo, folder);
        write(folder.resolve("apps/shop/a.yaml"), "a: 1\n");
        AtomicInteger others = new AtomicInteger();
        RecordingListener log = new RecordingListener() {
            @Override
            public void beforePush(int attempt, String commit) {
                TestRepos.pushChange(tmp.getRoot().toPath(), bare, "busy " + attempt,
                        Map.of("busy/" + others.incrementAndGet() + ".yaml", "x\n"));
            }
        };
        GitopsException e = assertThrows(GitopsException.class, () -> commit(c, request(repo).maxAttempts(3).build(), log));
        assertTrue(e.getMessage(), e.getMessage().startsWith("Gave up pushing to " + server.url(repo) + " main after 3 attempt(s)"));
        assertEquals("" + (1 + 3), GitCli.run(bare, "rev-list", "--count", "main").strip());
        assertFalse(Files.exists(folder.resolve("apps/shop/a.yaml")));
    }

    @Test
    public void noCredentialsAreWrittenToTheFolder() throws Exception {
        String repo = newRepo();
        Path folder = folder();
        String withPassword = server.url(repo).replace("://", "://" + USER + ":" + PASSWORD + "@");
        Checkout c = new CheckoutCommitter().checkout(new CheckoutRequest(withPassword, "main", folder, null, null),
                new RecordingListener());
        write(folder.resolve("README.md"), "pushed with credentials from the URL\n");
        CommitResult r = new CheckoutCommitter().commitChanges(folder, c.commit(),
                CommitRequest.builder(withPassword).branch("main").message("m").build(), new RecordingListener());
        assertTrue(r.changed());
        assertEquals(server.url(repo), r.repository());
        assertEquals(server.url(repo), GitCli.run(folder, "config", "remote.origin.url").strip());
        assertNoSecrets(folder);
    }

    @Test
    public void aWrongPasswordFailsNamingTheUrlButNotThePasswordAndLeavesNoFolder() throws Exception {
        String repo = newRepo();
        Path folder = folder();
        String wrong = "wrong-wt-secret-55";
        GitopsException e = assertThrows(GitopsException.class, () -> new CheckoutCommitter().checkout(
                new CheckoutRequest(server.url(repo), "main", folder, new Credentials.UsernamePassword(USER, wrong), null),
                new RecordingListener()));
        assertTrue(e.getMessage(), e.getMessage().startsWith("Fetch from " + server.url(repo) + " failed"));
        assertFalse(e.getMessage(), e.getMessage().contains(wrong));
        assertFalse(Files.exists(folder));
    }

    @Test
    public void aWrongPasswordAtPushTimeFailsWithoutThePasswordAndPushesNothing() throws Exception {
        String repo = newRepo();
        Path folder = folder();
        Checkout c = checkout(repo, folder);
        write(folder.resolve("README.md"), "edited\n");
        String wrong = "wrong-push-secret-77";
        GitopsException e = assertThrows(GitopsException.class, () -> commit(c,
                request(repo).credentials(new Credentials.UsernamePassword(USER, wrong)).build(), new RecordingListener()));
        assertTrue(e.getMessage(), e.getMessage().startsWith("Push to " + server.url(repo) + " main failed"));
        assertFalse(e.getMessage(), e.getMessage().contains(wrong));
        assertEquals(c.commit(), head(repo));
        assertEquals("config\n", Files.readString(folder.resolve("README.md")));
    }

    @Test
    public void theSameFolderIsReusedFetchedAndCleaned() throws Exception {
        String repo = newRepo();
        Path bare = root.resolve(repo);
        Path folder = folder();
        checkout(repo, folder);
        write(folder.resolve("stray.yaml"), "left over\n");
        write(folder.resolve("README.md"), "dirty\n");
        write(folder.resolve("cache.tmp"), "ignored\n");
        String moved = TestRepos.pushChange(tmp.getRoot().toPath(), bare, "later", Map.of("later.yaml", "l: 1\n"));

        Checkout again = checkout(repo, folder);
        assertTrue(again.reused());
        assertEquals(moved, again.commit());
        assertEquals(moved, GitCli.run(folder, "rev-parse", "HEAD").strip());
        assertEquals("", GitCli.run(folder, "status", "--porcelain", "--ignored"));
        assertEquals("config\n", Files.readString(folder.resolve("README.md")));
        assertTrue(Files.exists(folder.resolve("later.yaml")));
    }

    @Test
    public void aFolderWithOtherContentIsRefused() throws Exception {
        String repo = newRepo();
        Path folder = folder();
        write(folder.resolve("mine.txt"), "keep me\n");
        GitopsException e = assertThrows(GitopsException.class, () -> checkout(repo, folder));
        assertTrue(e.getMessage(), e.getMessage().contains("already holds files that are not a checkout of " + server.url(repo)));
        assertEquals("keep me\n", Files.readString(folder.resolve("mine.txt")));

        String other = newRepo();
        Path otherFolder = folder();
        checkout(other, otherFolder);
        e = assertThrows(GitopsException.class, () -> checkout(repo, otherFolder));
        assertTrue(e.getMessage(), e.getMessage().contains("holds a checkout of " + server.url(other)));
    }

    @Test
    public void symbolicLinksOutOfTheRepositoryAndNestedRepositoriesAreRefused() throws Exception {
        String repo = newRepo();
        Path folder = folder();
        Checkout c = checkout(repo, folder);
        Files.createSymbolicLink(folder.resolve("apps/passwd"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(folder.resolve("apps/up"), Path.of("../../outside"));
        Files.createSymbolicLink(folder.resolve("apps/fine"), Path.of("shop/kustomization.yaml"));
        Path nested = folder.resolve("vendor/other");
        Files.createDirectories(nested);
        GitCli.run(nested, "init", "-q");
        write(nested.resolve("x.yaml"), "x: 1\n");
        GitCli.run(nested, "add", ".");
        GitCli.run(nested, "commit", "-q", "-m", "nested");

        GitopsException e = assertThrows(GitopsException.class, () -> commit(c, request(repo).build(), new RecordingListener()));
        assertTrue(e.getMessage(), e.getMessage().startsWith("Unsafe change, nothing pushed: "));
        assertTrue(e.getMessage(), e.getMessage().contains("apps/passwd is a symbolic link to /etc/passwd, outside the repository"));
        assertTrue(e.getMessage(), e.getMessage().contains("apps/up is a symbolic link to ../../outside"));
        assertTrue(e.getMessage(), e.getMessage().contains("vendor/other is a nested git repository"));
        assertFalse(e.getMessage(), e.getMessage().contains("apps/fine"));
        assertEquals(c.commit(), head(repo));
        assertFalse(Files.exists(folder.resolve("apps/passwd"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    public void linkTargetsAreResolvedInsideTheRepository() {
        assertFalse(WorkTree.leavesRepository("a/b/link", "../c/d.yaml"));
        assertFalse(WorkTree.leavesRepository("link", "apps/./x"));
        assertTrue(WorkTree.leavesRepository("a/link", "../../x"));
        assertTrue(WorkTree.leavesRepository("a/link", "../.git/config"));
        assertTrue(WorkTree.leavesRepository("link", "C:\\Windows"));
        assertTrue(WorkTree.leavesRepository("link", ""));
    }

    @Test
    public void theDefaultBranchComesFromTheRemote() throws Exception {
        String repo = newRepo();
        Checkout c = new CheckoutCommitter().checkout(new CheckoutRequest(server.url(repo), null, folder(), AUTH, null),
                new RecordingListener());
        assertEquals("main", c.branch());
    }

    @Test
    public void aFolderThatNoLongerHoldsTheCommitIsNamed() throws Exception {
        String repo = newRepo();
        Path folder = folder();
        checkout(repo, folder);
        GitopsException e = assertThrows(GitopsException.class, () -> new CheckoutCommitter().commitChanges(folder,
                "0123456789012345678901234567890123456789", request(repo).build(), new RecordingListener()));
        assertTrue(e.getMessage(), e.getMessage().contains("does not hold the checked-out commit"));
    }

    static void assertNoSecrets(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                assertFalse(p + " holds the password", text.contains(PASSWORD));
                assertFalse(p + " holds user-info", text.contains(USER + ":") || text.contains(USER + "@"));
            }
        }
    }
}
