package io.jenkins.plugins.gitops.core.git;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.gitops.core.change.Change;
import io.jenkins.plugins.gitops.core.change.Manifest;
import io.jenkins.plugins.gitops.core.change.YamlValue;
import io.jenkins.plugins.gitops.core.testing.GitCli;
import io.jenkins.plugins.gitops.core.testing.GitHttpBackendServlet;
import io.jenkins.plugins.gitops.core.testing.HttpGitServer;
import io.jenkins.plugins.gitops.core.testing.RecordingListener;
import io.jenkins.plugins.gitops.core.testing.TestRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Requests queued for one branch in one engine land in one push, each its own commit (C git's http-backend serves the
 * repository; its post-receive hook counts the pushes). The queue is held by the test until every request waits in
 * it, so that the group is certain.
 */
public class GroupCommitTest {
    private static final String USER = "ci";
    private static final String PASSWORD = "pw-group";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private HttpGitServer server;
    private Path root;
    private Path bare;
    private Path pushes;
    private ExecutorService pool;

    @Before
    public void start() throws Exception {
        root = tmp.newFolder("repos").toPath();
        bare = TestRepos.createBare(root, "group.git", Map.of("app.yaml", "image:\n  tag: \"1\"\n"));
        pushes = tmp.getRoot().toPath().resolve("pushes.log");
        Path hook = bare.resolve("hooks/post-receive");
        Files.createDirectories(hook.getParent());
        Files.writeString(hook, "#!/bin/sh\ncat >> '" + pushes + "'\n");
        assertTrue(hook.toFile().setExecutable(true));
        server = HttpGitServer.serve(new GitHttpBackendServlet(root), USER, PASSWORD);
        pool = Executors.newCachedThreadPool();
    }

    @After
    public void stop() throws Exception {
        pool.shutdownNow();
        server.close();
    }

    private CommitRequest request(int i, Change change, String key) {
        return CommitRequest.builder(server.url("group.git")).branch("main").message("Change " + i)
                .changes(change).idempotencyKey(key).owner("deploy #" + i).maxDuration(Duration.ofSeconds(60))
                .credentials(new Credentials.UsernamePassword(USER, PASSWORD)).build();
    }

    /**
     * Starts the requests one by one, each once the one before waits in the queue, while the test holds the branch's
     * turn; lets go once all of them wait behind it. {@code logs} gets a listener per request where it has none.
     */
    private List<Future<CommitResult>> queued(GitopsCommitter committer, List<CommitRequest> requests,
            List<RecordingListener> logs) throws Exception {
        String key = BranchQueue.key(server.url("group.git"), "main");
        List<Future<CommitResult>> results = new ArrayList<>();
        try (BranchQueue.Turn held = BranchQueue.await(server.url("group.git"), "main", "the test", Duration.ofSeconds(5),
                TransactionListener.NONE)) {
            for (int i = 0; i < requests.size(); i++) {
                CommitRequest r = requests.get(i);
                if (logs.size() <= i) logs.add(new RecordingListener());
                RecordingListener log = logs.get(i);
                results.add(pool.submit(() -> committer.commit(r, log)));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (BranchQueue.waiting(key).size() <= i) {
                    assertTrue("request " + i + " queued", System.nanoTime() < deadline);
                    Thread.onSpinWait();
                }
            }
        }
        return results;
    }

    private int pushCount() throws Exception {
        return Files.exists(pushes) ? (int) Files.readAllLines(pushes).stream().filter(l -> l.endsWith("refs/heads/main")).count() : 0;
    }

    @Test
    public void aCommitTheServerRefusesFailsOnlyItsCallerAndTheRestOfTheGroupLands() throws Exception {
        Path hook = bare.resolve("hooks/pre-receive");
        Files.writeString(hook, String.join("\n",
                "#!/bin/sh",
                "while read old new ref; do",
                "  for c in $(git rev-list $old..$new); do",
                "    if git ls-tree -r --name-only $c | grep -q '^apps/forbidden.yaml$'; then",
                "      echo \"policy: apps/forbidden.yaml may not be committed ($c)\" >&2; exit 1",
                "    fi",
                "  done",
                "done",
                ""));
        assertTrue(hook.toFile().setExecutable(true));
        GitopsCommitter committer = new GitopsCommitter(tmp.newFolder("cache").toPath());
        List<CommitRequest> requests = List.of(
                request(0, new Manifest("apps/a0.yaml", "n: 0\n"), "key-0"),
                request(1, new Manifest("apps/forbidden.yaml", "n: 1\n"), "key-1"),
                request(2, new Manifest("apps/a2.yaml", "n: 2\n"), "key-2"));
        List<RecordingListener> logs = new ArrayList<>();

        List<Future<CommitResult>> results = queued(committer, requests, logs);

        assertTrue(results.get(0).get(60, TimeUnit.SECONDS).created());
        ExecutionException refused = assertThrows(ExecutionException.class, () -> results.get(1).get(60, TimeUnit.SECONDS));
        assertTrue(refused.getCause().getMessage(), refused.getCause().getMessage()
                .contains("policy: apps/forbidden.yaml may not be committed"));
        CommitResult last = results.get(2).get(60, TimeUnit.SECONDS);
        assertTrue(last.created());
        assertEquals("its own push, at its first attempt", 1, last.attempts());
        assertEquals("Change 2\nChange 0\nseed\n", GitCli.run(bare, "log", "--format=%s", "main"));
        assertTrue(logs.get(0).all(), logs.get(0).all().contains("pushing them one at a time"));
    }

    @Test
    public void queuedCommitsLandInOnePushEachItsOwnCommit() throws Exception {
        GitopsCommitter committer = new GitopsCommitter(tmp.newFolder("cache").toPath());
        int n = 12;
        List<CommitRequest> requests = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            requests.add(request(i, new Manifest("apps/a" + i + ".yaml", "n: " + i + "\n"), "key-" + i));
        }
        List<RecordingListener> logs = new ArrayList<>();
        List<Future<CommitResult>> results = queued(committer, requests, logs);
        List<String> shas = new ArrayList<>();
        for (Future<CommitResult> f : results) {
            CommitResult r = f.get(60, TimeUnit.SECONDS);
            assertTrue(r.created());
            assertEquals(1, r.attempts());
            shas.add(r.commit());
        }
        assertEquals(n, new HashSet<>(shas).size());
        assertEquals("one push for the whole queue", 1, pushCount());
        List<String> firstParent = GitCli.run(bare, "rev-list", "--first-parent", "--reverse", "main").lines().toList();
        assertEquals(n + 1, firstParent.size());
        assertEquals(shas, firstParent.subList(1, n + 1));
        for (int i = 0; i < n; i++) {
            String message = GitCli.run(bare, "show", "-s", "--format=%B", shas.get(i));
            assertTrue(message, message.startsWith("Change " + i + "\n"));
            assertTrue(message, message.contains("Gitops-Change-Id: key-" + i + "\n"));
            assertEquals("n: " + i + "\n", TestRepos.show(bare, shas.get(i), "apps/a" + i + ".yaml"));
            assertEquals(List.of("apps/a" + i + ".yaml"), GitCli.run(bare, "diff-tree", "--no-commit-id", "--name-only",
                    "-r", shas.get(i)).lines().toList());
        }
        assertTrue(logs.get(1).all(), logs.get(1).all().contains("Landing with the push of deploy #0"));
        assertTrue(logs.get(0).all(), logs.get(0).all().contains("(12 queued commits in one push)"));
        GitCli.run(bare, "fsck", "--strict");
    }

    @Test
    public void aBadChangeFailsOnlyItsCaller() throws Exception {
        GitopsCommitter committer = new GitopsCommitter(tmp.newFolder("cache").toPath());
        List<CommitRequest> requests = List.of(
                request(0, new Manifest("a.yaml", "a: 1\n"), "k0"),
                request(1, new YamlValue("missing.yaml", "image.tag", "2", null), "k1"),
                request(2, new YamlValue("app.yaml", "image.tag", "3", null), "k2"));
        List<RecordingListener> logs = new ArrayList<>();
        List<Future<CommitResult>> results = queued(committer, requests, logs);
        CommitResult first = results.get(0).get(60, TimeUnit.SECONDS);
        ExecutionException bad = assertThrows(ExecutionException.class, () -> results.get(1).get(60, TimeUnit.SECONDS));
        assertTrue(bad.getCause().getMessage(), bad.getCause().getMessage().contains("missing.yaml"));
        CommitResult third = results.get(2).get(60, TimeUnit.SECONDS);
        assertTrue(first.created() && third.created());
        assertEquals(third.commit(), GitCli.run(bare, "rev-parse", "main").strip());
        assertEquals(first.commit(), GitCli.run(bare, "rev-parse", "main^").strip());
        assertEquals("image:\n  tag: \"3\"\n", TestRepos.show(bare, "main", "app.yaml"));
        assertEquals(1, pushCount());
    }

    @Test
    public void aRejectedGroupIsReappliedOnTheNewTip() throws Exception {
        GitopsCommitter committer = new GitopsCommitter(tmp.newFolder("cache").toPath(), d -> {}, Backoff.DEFAULT);
        String[] other = new String[1];
        List<CommitRequest> requests = new ArrayList<>();
        for (int i = 0; i < 4; i++) requests.add(request(i, new Manifest("f" + i + ".yaml", "v: " + i + "\n"), "r" + i));
        RecordingListener racer = new RecordingListener() {
            @Override
            public void beforePush(int attempt, String commit) {
                if (attempt == 1 && other[0] == null) {
                    other[0] = TestRepos.pushChange(tmp.getRoot().toPath(), bare, "Someone else", Map.of("o.yaml", "o\n"));
                }
            }
        };
        List<RecordingListener> logs = new ArrayList<>(List.of(racer));
        List<Future<CommitResult>> results = queued(committer, requests, logs);
        List<String> shas = new ArrayList<>();
        for (Future<CommitResult> f : results) {
            CommitResult r = f.get(60, TimeUnit.SECONDS);
            assertEquals(2, r.attempts());
            shas.add(r.commit());
        }
        List<String> firstParent = GitCli.run(bare, "rev-list", "--first-parent", "--reverse", "main").lines().toList();
        assertEquals(List.of(other[0]), firstParent.subList(1, 2));
        assertEquals(shas, firstParent.subList(2, 6));
        assertEquals("o\n", TestRepos.show(bare, "main", "o.yaml"));
    }

    @Test
    public void theSameChangeIdTwiceInOneGroupIsOneCommit() throws Exception {
        GitopsCommitter committer = new GitopsCommitter(tmp.newFolder("cache").toPath());
        List<CommitRequest> requests = List.of(
                request(0, new YamlValue("app.yaml", "image.tag", "7", null), "same"),
                request(1, new YamlValue("app.yaml", "image.tag", "7", null), "same"),
                request(2, new YamlValue("app.yaml", "image.tag", "7", null), "other"));
        List<Future<CommitResult>> results = queued(committer, requests, new ArrayList<>());
        CommitResult a = results.get(0).get(60, TimeUnit.SECONDS);
        CommitResult b = results.get(1).get(60, TimeUnit.SECONDS);
        CommitResult c = results.get(2).get(60, TimeUnit.SECONDS);
        assertTrue(a.created());
        assertTrue(b.alreadyPresent());
        assertFalse(b.created());
        assertEquals(a.commit(), b.commit());
        assertFalse("the values are already there: nothing to commit", c.changed());
        assertEquals(a.commit(), c.commit());
        assertEquals(a.commit(), GitCli.run(bare, "rev-parse", "main").strip());
        assertNotEquals(a.commit(), GitCli.run(bare, "rev-parse", "main^").strip());
        assertEquals(1, pushCount());
    }
}
