package io.jenkins.plugins.gitops.core.git;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.gitops.core.change.Change;
import io.jenkins.plugins.gitops.core.change.Manifest;
import io.jenkins.plugins.gitops.core.change.RemoveFile;
import io.jenkins.plugins.gitops.core.change.YamlValue;
import io.jenkins.plugins.gitops.core.testing.ClosedPort;
import io.jenkins.plugins.gitops.core.testing.GitCli;
import io.jenkins.plugins.gitops.core.testing.HttpGitServer;
import io.jenkins.plugins.gitops.core.testing.RecordingListener;
import io.jenkins.plugins.gitops.core.testing.TestRepos;
import java.io.IOException;
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

public class HttpCommitTest {
    @ClassRule
    public static TemporaryFolder tmp = new TemporaryFolder();

    static final String USER = "alice";
    static final String PASSWORD = "s3cret-pa55-XYZ";
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
        String name = "r" + names.incrementAndGet() + ".git";
        TestRepos.createBare(root, name, Map.of("apps/shop/deploy.yaml", "image: shop:1.0\n", "README.md", "config\n"));
        return name;
    }

    static CommitRequest.Builder request(String repo, Change... changes) {
        return CommitRequest.builder(server.url(repo)).branch("main").message("Deploy shop 1.1")
                .changes(changes).credentials(new Credentials.UsernamePassword(USER, PASSWORD))
                .author(new Identity("Jenkins", "jenkins@example.com"));
    }

    static GitopsCommitter committer() throws IOException {
        return new GitopsCommitter(tmp.newFolder().toPath(), d -> {}, Backoff.DEFAULT);
    }

    @Test
    public void commitsOverHttpWithTrailers() throws Exception {
        String repo = newRepo();
        RecordingListener log = new RecordingListener();
        CommitResult r = committer().commit(request(repo, new Manifest("apps/shop/deploy.yaml", "image: shop:1.1\n"))
                .build(new BuildInfo("https://ci.example.com/job/shop/42/", "shop", "42"))
                .source(new SourceCommit("https://bob:pw@git.example.com/shop.git", "0123456789abcdef0123456789abcdef01234567",
                        "Bob <bob@example.com>", "2026-01-02T03:04:05+01:00", "Fix the cart", "Longer text\n\nSigned-off-by: Bob"))
                .skipCi(true).idempotencyKey("https://ci.example.com/job/shop/42/#deploy").build(), log);

        Path bare = root.resolve(repo);
        assertTrue(r.changed());
        assertEquals(List.of("apps/shop/deploy.yaml"), r.files());
        assertEquals(1, r.attempts());
        assertEquals(server.url(repo), r.repository());
        assertEquals(GitCli.run(bare, "rev-parse", "main").strip(), r.commit());
        assertEquals("image: shop:1.1\n", TestRepos.show(bare, "main", "apps/shop/deploy.yaml"));
        assertEquals("config\n", TestRepos.show(bare, "main", "README.md"));
        assertTrue(r.diff(), r.diff().contains("-image: shop:1.0") && r.diff().contains("+image: shop:1.1"));
        assertEquals("Deploy shop 1.1 [skip ci]", GitCli.run(bare, "log", "-1", "--format=%s", "main").strip());
        assertEquals("Jenkins <jenkins@example.com>", GitCli.run(bare, "log", "-1", "--format=%an <%ae>", "main").strip());
        String trailers = GitCli.run(bare, "log", "-1", "--format=%(trailers:only,unfold)", "main");
        assertTrue(trailers, trailers.contains("Jenkins-Build-URL: https://ci.example.com/job/shop/42/\n"));
        assertTrue(trailers, trailers.contains("Jenkins-Job: shop\n"));
        assertTrue(trailers, trailers.contains("Jenkins-Build-Number: 42\n"));
        assertTrue(trailers, trailers.contains("Gitops-Change-Id: https://ci.example.com/job/shop/42/#deploy\n"));
        assertTrue(trailers, trailers.contains("Argocd-reference-commit-repourl: https://git.example.com/shop.git\n"));
        assertTrue(trailers, trailers.contains("Argocd-reference-commit-sha: 0123456789abcdef0123456789abcdef01234567\n"));
        assertTrue(trailers, trailers.contains("Argocd-reference-commit-author: Bob <bob@example.com>\n"));
        assertTrue(trailers, trailers.contains("Argocd-reference-commit-date: 2026-01-02T03:04:05+01:00\n"));
        assertTrue(trailers, trailers.contains("Argocd-reference-commit-subject: Fix the cart\n"));
        assertTrue(trailers, trailers.contains("Argocd-reference-commit-body: \"Longer text\\n\\nSigned-off-by: Bob\"\n"));
        GitCli.run(bare, "fsck", "--strict");
        assertTrue(log.all(), log.all().contains("Pushed " + r.commit()));
        assertFalse(log.all(), log.all().contains(PASSWORD));
    }

    @Test
    public void unchangedContentMakesNoCommit() throws Exception {
        String repo = newRepo();
        Path bare = root.resolve(repo);
        String head = GitCli.run(bare, "rev-parse", "main").strip();
        CommitResult r = committer().commit(request(repo, new Manifest("apps/shop/deploy.yaml", "image: shop:1.0\n"),
                new RemoveFile("not/there.yaml")).build(), new RecordingListener());
        assertFalse(r.changed());
        assertEquals(head, r.commit());
        assertEquals(0, r.attempts());
        assertEquals(head, GitCli.run(bare, "rev-parse", "main").strip());
    }

    @Test
    public void dryRunPushesNothing() throws Exception {
        String repo = newRepo();
        Path bare = root.resolve(repo);
        String head = GitCli.run(bare, "rev-parse", "main").strip();
        CommitResult r = committer().commit(request(repo, new RemoveFile("README.md")).dryRun(true).build(),
                new RecordingListener());
        assertTrue(r.dryRun());
        assertTrue(r.changed());
        assertEquals(List.of("README.md"), r.files());
        assertTrue(r.diff(), r.diff().contains("-config"));
        assertEquals(head, r.commit());
        assertEquals(head, GitCli.run(bare, "rev-parse", "main").strip());
        assertEquals("1", GitCli.run(bare, "rev-list", "--count", "--all").strip());
    }

    @Test
    public void defaultBranchComesFromRemoteHead() throws Exception {
        String repo = newRepo();
        CommitResult r = committer().commit(request(repo, new Manifest("new.yaml", "a: 1\n")).branch(null).build(),
                new RecordingListener());
        assertEquals("main", r.branch());
        assertEquals("a: 1\n", TestRepos.show(root.resolve(repo), "main", "new.yaml"));
    }

    @Test
    public void sameIdempotencyKeyTwiceMakesOneCommit() throws Exception {
        String repo = newRepo();
        Path bare = root.resolve(repo);
        GitopsCommitter committer = committer();
        CommitRequest req = request(repo, new Manifest("apps/shop/deploy.yaml", "image: shop:1.1\n"))
                .idempotencyKey("https://ci.example.com/job/shop/7/#step-3").build();
        CommitResult first = committer.commit(req, new RecordingListener());
        TestRepos.pushChange(tmp.getRoot().toPath(), bare, "unrelated", Map.of("other.txt", "x\n"));
        RecordingListener log = new RecordingListener();
        CommitResult second = committer().commit(req, log);
        assertTrue(first.created());
        assertTrue("the branch holds our change", second.changed());
        assertTrue(second.alreadyPresent());
        assertFalse("this run made no commit", second.created());
        assertEquals(first.commit(), second.commit());
        assertEquals("3", GitCli.run(bare, "rev-list", "--count", "main").strip());
        assertEquals("1", GitCli.run(bare, "log", "--format=%H", "--grep=Gitops-Change-Id: https://ci.example.com/job/shop/7/#step-3", "main")
                .lines().count() + "");
        assertTrue(log.all(), log.all().contains("not committing again"));
    }

    @Test
    public void newCacheWithIdempotencyKeyFetchesTheWindowInOneGo() throws Exception {
        String repo = newRepo();
        Path bare = root.resolve(repo);
        for (int i = 0; i < 3; i++) TestRepos.pushChange(tmp.getRoot().toPath(), bare, "other " + i, Map.of("o.txt", i + "\n"));
        Path cache = tmp.newFolder().toPath();
        RecordingListener log = new RecordingListener();
        CommitResult r = new GitopsCommitter(cache).commit(request(repo, new Manifest("a.yaml", "a\n"))
                .idempotencyKey("job#9").build(), log);
        assertTrue(r.changed());
        assertFalse(log.all(), log.all().contains("Looking further back"));
        try (Stream<Path> dirs = Files.list(cache)) {
            Path cacheRepo = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
            assertEquals("the whole short history, not only the tip", "5",
                    GitCli.run(cacheRepo, "rev-list", "--count", "refs/remotes/origin/main").strip());
        }
    }

    @Test
    public void wrongPasswordFailsNamingUrlButNotPassword() throws Exception {
        String repo = newRepo();
        Path cache = tmp.newFolder().toPath();
        String wrong = "wrong-Secret-123";
        GitopsException e = assertThrows(GitopsException.class, () -> new GitopsCommitter(cache).commit(
                request(repo, new Manifest("x.yaml", "x\n")).credentials(new Credentials.UsernamePassword(USER, wrong)).build(),
                new RecordingListener()));
        assertTrue(e.getMessage(), e.getMessage().contains(server.url(repo)));
        assertFalse(e.getMessage(), e.getMessage().contains(wrong));
        assertFalse(e.getMessage().contains("\n"));
        assertCacheClean(cache);
    }

    @Test
    public void passwordInUrlIsUsedButNeverShown() throws Exception {
        String repo = newRepo();
        String withPassword = server.url(repo).replace("://", "://" + USER + ":" + PASSWORD + "@");
        RecordingListener log = new RecordingListener();
        Path cache = tmp.newFolder().toPath();
        CommitResult r = new GitopsCommitter(cache).commit(CommitRequest.builder(withPassword).branch("main")
                .changes(new Manifest("x.yaml", "x\n")).build(), log);
        assertEquals(server.url(repo), r.repository());
        assertFalse(log.all().contains(PASSWORD));
        assertNoSecretsOnDisk(cache, PASSWORD);
    }

    @Test
    public void serverDownFailsClearlyAndLeavesNoCache() throws Exception {
        int port = ClosedPort.get();
        Path cache = tmp.newFolder().toPath();
        String url = "http://" + USER + ":" + PASSWORD + "@127.0.0.1:" + port + "/git/none.git";
        GitopsException e = assertThrows(GitopsException.class, () -> new GitopsCommitter(cache).commit(
                CommitRequest.builder(url).branch("main").changes(new Manifest("x.yaml", "x\n")).build(),
                new RecordingListener()));
        assertTrue(e.getMessage(), e.getMessage().startsWith("Fetch from http://127.0.0.1:" + port + "/git/none.git failed"));
        assertFalse(e.getMessage(), e.getMessage().contains(PASSWORD));
        assertCacheClean(cache);
    }

    @Test
    public void secondRunFetchesIntoTheSameCacheAndKeepsNoCredentials() throws Exception {
        String repo = newRepo();
        Path cache = tmp.newFolder().toPath();
        GitopsCommitter committer = new GitopsCommitter(cache);
        CommitResult a = committer.commit(request(repo, new Manifest("a.yaml", "a\n")).build(), new RecordingListener());
        CommitResult b = committer.commit(request(repo, new Manifest("b.yaml", "b\n")).build(), new RecordingListener());
        assertNotEquals(a.commit(), b.commit());
        Path bare = root.resolve(repo);
        assertEquals(a.commit(), GitCli.run(bare, "rev-parse", "main^").strip());
        try (Stream<Path> dirs = Files.list(cache)) {
            assertEquals("one cache for the repository and branch", 1, dirs.filter(Files::isDirectory).count());
        }
        assertNoSecretsOnDisk(cache, PASSWORD);
    }

    @Test
    public void aValueInsideAnAnchorIsSetAndTheResultSaysWhereElseItShows() throws Exception {
        String repo = "anchors-" + names.incrementAndGet() + ".git";
        Path bare = TestRepos.createBare(root, repo, Map.of("values.yaml",
                "defaults: &defaults\n  tag: 1.0.0\nweb:\n  <<: *defaults\napi:\n  <<: *defaults\n  tag: 0.9.0\n"));
        CommitResult r = committer().commit(request(repo,
                new YamlValue("values.yaml", "defaults.tag", "1.1.0", null))
                .build(), new RecordingListener());
        assertTrue(r.created());
        assertEquals("defaults: &defaults\n  tag: 1.1.0\nweb:\n  <<: *defaults\napi:\n  <<: *defaults\n  tag: 0.9.0\n",
                TestRepos.show(bare, "main", "values.yaml"));
        assertEquals(List.of("values.yaml: defaults.tag is inside an anchor, so the new value also shows in"
                + " web (<<: *defaults)"), r.warnings());
    }

    static void assertCacheClean(Path cache) throws IOException {
        try (Stream<Path> files = Files.walk(cache)) {
            List<String> refsAndLocks = files.map(cache::relativize).map(Path::toString)
                    .filter(p -> p.contains("/refs/remotes/") && !Files.isDirectory(cache.resolve(p)) || p.endsWith(".lock"))
                    .toList();
            assertEquals(List.of(), refsAndLocks);
        }
    }

    static void assertNoSecretsOnDisk(Path cache, String secret) throws IOException {
        try (Stream<Path> files = Files.walk(cache)) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String text = new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1);
                assertFalse(p + " holds the secret", text.contains(secret));
                if (p.getFileName().toString().equals("config")) {
                    assertFalse(p + " holds user-info: " + text, text.matches("(?s).*://[^/\\s]*@.*"));
                }
            }
        }
    }
}
