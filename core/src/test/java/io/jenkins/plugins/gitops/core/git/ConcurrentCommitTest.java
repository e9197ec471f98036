package io.jenkins.plugins.gitops.core.git;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.gitops.core.change.Manifest;
import io.jenkins.plugins.gitops.core.testing.GitCli;
import io.jenkins.plugins.gitops.core.testing.HttpGitServer;
import io.jenkins.plugins.gitops.core.testing.RecordingListener;
import io.jenkins.plugins.gitops.core.testing.TestRepos;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ConcurrentCommitTest {
    @ClassRule
    public static TemporaryFolder tmp = new TemporaryFolder();

    static final String USER = "ci";
    static final String PASSWORD = "token-0f9a";
    static HttpGitServer server;
    static Path root;

    @BeforeClass
    public static void startServer() throws Exception {
        root = tmp.newFolder("repos").toPath();
        server = HttpGitServer.start(root, USER, PASSWORD);
    }

    @AfterClass
    public static void stopServer() throws Exception {
        server.close();
    }

    static CommitRequest.Builder request(String repo, String file, String text) {
        return CommitRequest.builder(server.url(repo)).branch("main").message("Set " + file)
                .changes(new Manifest(file, text)).credentials(new Credentials.UsernamePassword(USER, PASSWORD));
    }

    @Test
    public void sixteenCommittersInOneJvmAllLandOnce() throws Exception {
        TestRepos.createBare(root, "many.git", Map.of("README.md", "x\n"));
        GitopsCommitter committer = new GitopsCommitter(tmp.newFolder().toPath(), d -> {}, Backoff.DEFAULT);
        int n = 16;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<RecordingListener> logs = new ArrayList<>();
        List<Future<CommitResult>> results = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                RecordingListener log = new RecordingListener();
                logs.add(log);
                CommitRequest req = request("many.git", "team/f" + i + ".yaml", "value: " + i + "\n")
                        .owner("shop-deploy #" + i).maxDuration(Duration.ofSeconds(50)).build();
                results.add(pool.submit(() -> {
                    assertTrue(start.await(10, TimeUnit.SECONDS));
                    return committer.commit(req, log);
                }));
            }
            start.countDown();
            for (Future<CommitResult> f : results) assertTrue(f.get(55, TimeUnit.SECONDS).changed());
        } finally {
            pool.shutdownNow();
        }
        Path bare = root.resolve("many.git");
        GitCli.run(bare, "fsck", "--strict");
        String subjects = GitCli.run(bare, "log", "--format=%s", "main");
        for (int i = 0; i < n; i++) {
            String subject = "Set team/f" + i + ".yaml";
            assertEquals(subject, 1, subjects.lines().filter(subject::equals).count());
            assertEquals("value: " + i + "\n", TestRepos.show(bare, "main", "team/f" + i + ".yaml"));
        }
        assertEquals(String.valueOf(n + 1), GitCli.run(bare, "rev-list", "--count", "main").strip());
        assertTrue(logs.stream().anyMatch(l -> l.all().matches("(?s).*Queued behind shop-deploy #\\d+ for .*")));
    }

    @Test
    public void rejectedPushIsReappliedOnTheNewTipAndOverwriteIsReported() throws Exception {
        Path bare = TestRepos.createBare(root, "race.git", Map.of("app.yaml", "image: app:1\n", "other.yaml", "o: 1\n"));
        String[] other = new String[1];
        RecordingListener log = new RecordingListener() {
            @Override
            public void beforePush(int attempt, String commit) {
                if (attempt == 1) {
                    other[0] = TestRepos.pushChange(tmp.getRoot().toPath(), bare, "Hotfix image",
                            Map.of("app.yaml", "image: app:hotfix\n", "other.yaml", "o: 2\n"));
                }
            }
        };
        CommitResult r = new GitopsCommitter(tmp.newFolder().toPath(), d -> {}, Backoff.DEFAULT)
                .commit(request("race.git", "app.yaml", "image: app:2\n").build(), log);
        assertEquals(2, r.attempts());
        assertEquals(other[0], GitCli.run(bare, "rev-parse", "main^").strip());
        assertEquals("image: app:2\n", TestRepos.show(bare, "main", "app.yaml"));
        assertEquals("o: 2\n", TestRepos.show(bare, "main", "other.yaml"));
        assertTrue(log.all(), log.all().contains("Push rejected"));
        assertEquals(1, r.warnings().size());
        assertTrue(r.warnings().get(0), r.warnings().get(0).contains("app.yaml") && r.warnings().get(0).contains(other[0]));
        assertTrue(log.all(), log.all().contains("WARNING: Overwriting app.yaml as changed by " + other[0]));
        GitCli.run(bare, "fsck", "--strict");
    }

    @Test
    public void retryAfterUnrelatedChangeWarnsNothing() throws Exception {
        Path bare = TestRepos.createBare(root, "calm.git", Map.of("app.yaml", "image: app:1\n"));
        RecordingListener log = new RecordingListener() {
            @Override
            public void beforePush(int attempt, String commit) {
                if (attempt < 3) {
                    TestRepos.pushChange(tmp.getRoot().toPath(), bare, "Other " + attempt, Map.of("n" + attempt + ".yaml", "n\n"));
                }
            }
        };
        CommitResult r = new GitopsCommitter(tmp.newFolder().toPath(), d -> {}, Backoff.DEFAULT)
                .commit(request("calm.git", "app.yaml", "image: app:2\n").build(), log);
        assertEquals(3, r.attempts());
        assertEquals(List.of(), r.warnings());
        assertFalse(log.all().contains("WARNING"));
        assertEquals("Set app.yaml\nOther 2\nOther 1\nseed\n", GitCli.run(bare, "log", "--format=%s", "main"));
    }

    @Test
    public void givesUpAfterMaxAttemptsAndPushesNothing() throws Exception {
        Path bare = TestRepos.createBare(root, "busy.git", Map.of("app.yaml", "image: app:1\n"));
        RecordingListener log = new RecordingListener() {
            @Override
            public void beforePush(int attempt, String commit) {
                TestRepos.pushChange(tmp.getRoot().toPath(), bare, "Busy " + attempt, Map.of("b.yaml", "b" + attempt + "\n"));
            }
        };
        Path cache = tmp.newFolder().toPath();
        GitopsException e = org.junit.Assert.assertThrows(GitopsException.class,
                () -> new GitopsCommitter(cache, d -> {}, Backoff.DEFAULT)
                        .commit(request("busy.git", "app.yaml", "image: app:2\n").maxAttempts(3).build(), log));
        assertTrue(e.getMessage(), e.getMessage().startsWith("Gave up pushing to " + server.url("busy.git") + " main after 3 attempt(s)"));
        assertEquals("image: app:1\n", TestRepos.show(bare, "main", "app.yaml"));
        HttpCommitTest.assertCacheClean(cache);
    }
}
