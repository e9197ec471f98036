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
import java.util.List;
import java.util.Map;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A warm cache is trusted for one thing only, a push, whose compare-and-swap checks that the cached tip is still the
 * branch's tip. Any other conclusion (nothing to commit, already present, a dry run) is drawn on a fetched tip, and a
 * stale cache costs a fetch, not an attempt or a false overwrite warning.
 */
public class WarmCacheTest {
    @ClassRule
    public static TemporaryFolder tmp = new TemporaryFolder();

    static final String USER = "warm";
    static final String PASSWORD = "pw-warm-31";
    static HttpGitServer server;
    static Path root;
    static int repos;

    @BeforeClass
    public static void startServer() throws Exception {
        root = tmp.newFolder("repos").toPath();
        server = HttpGitServer.start(root, USER, PASSWORD);
    }

    @AfterClass
    public static void stopServer() throws Exception {
        server.close();
    }

    private static Path newRepo() {
        return TestRepos.createBare(root, "w" + (++repos) + ".git", Map.of("app.yaml", "image: app:1\n", "README.md", "x\n"));
    }

    private static CommitRequest.Builder set(Path bare, String file, String text) {
        return CommitRequest.builder(server.url(bare.getFileName().toString())).branch("main").message("Set " + file)
                .changes(new Manifest(file, text)).credentials(new Credentials.UsernamePassword(USER, PASSWORD));
    }

    private static GitopsCommitter committer() throws Exception {
        return new GitopsCommitter(tmp.newFolder().toPath(), d -> {}, Backoff.DEFAULT);
    }

    private static void pushOther(Path bare, String message, String file, String text) throws Exception {
        TestRepos.pushChange(tmp.newFolder().toPath(), bare, message, Map.of(file, text));
    }

    @Test
    public void unmovedBranchIsNotFetchedAgain() throws Exception {
        Path bare = newRepo();
        GitopsCommitter committer = committer();
        committer.commit(set(bare, "a.yaml", "a\n").build(), new RecordingListener());
        RecordingListener log = new RecordingListener();
        CommitResult r = committer.commit(set(bare, "b.yaml", "b\n").build(), log);
        assertEquals(1, r.attempts());
        assertTrue(log.all(), log.all().contains("from the cache"));
        assertFalse(log.all(), log.all().contains("Fetched"));
        assertEquals(r.commit(), GitCli.run(bare, "rev-parse", "main").strip());
        assertEquals("Set b.yaml\nSet a.yaml\nseed\n", GitCli.run(bare, "log", "--format=%s", "main"));
    }

    @Test
    public void movedBranchIsFetchedWithoutCountingAnAttemptOrWarning() throws Exception {
        Path bare = newRepo();
        GitopsCommitter committer = committer();
        committer.commit(set(bare, "a.yaml", "a\n").build(), new RecordingListener());
        pushOther(bare, "Hotfix", "app.yaml", "image: app:hotfix\n");
        RecordingListener log = new RecordingListener();
        CommitResult r = committer.commit(set(bare, "app.yaml", "image: app:2\n").build(), log);
        assertEquals(1, r.attempts());
        assertEquals(List.of(), r.warnings());
        assertTrue(log.all(), log.all().contains("The branch moved since the cache last saw it"));
        assertTrue(log.all(), log.all().contains("Fetched"));
        assertEquals("Set app.yaml\nHotfix\nSet a.yaml\nseed\n", GitCli.run(bare, "log", "--format=%s", "main"));
        assertEquals("image: app:2\n", TestRepos.show(bare, "main", "app.yaml"));
        GitCli.run(bare, "fsck", "--strict");
    }

    @Test
    public void nothingToCommitOnTheCachedTipIsCheckedOnTheRemote() throws Exception {
        Path bare = newRepo();
        GitopsCommitter committer = committer();
        committer.commit(set(bare, "app.yaml", "image: app:2\n").build(), new RecordingListener());
        pushOther(bare, "Roll back", "app.yaml", "image: app:1\n");
        CommitResult r = committer.commit(set(bare, "app.yaml", "image: app:2\n").build(), new RecordingListener());
        assertTrue(r.changed());
        assertEquals(1, r.attempts());
        assertEquals("image: app:2\n", TestRepos.show(bare, "main", "app.yaml"));

        RecordingListener log = new RecordingListener();
        CommitResult again = committer.commit(set(bare, "app.yaml", "image: app:2\n").build(), log);
        assertFalse(again.changed());
        assertTrue(log.all(), log.all().contains("Fetched"));
        assertEquals(r.commit(), again.commit());
    }

    @Test
    public void changeIdOnTheCachedTipIsConfirmedOnTheRemote() throws Exception {
        Path bare = newRepo();
        GitopsCommitter committer = committer();
        CommitResult first = committer.commit(set(bare, "a.yaml", "a\n").idempotencyKey("job#7").build(), new RecordingListener());
        pushOther(bare, "Later", "later.yaml", "l\n");
        RecordingListener log = new RecordingListener();
        CommitResult again = committer.commit(set(bare, "a.yaml", "a\n").idempotencyKey("job#7").build(), log);
        assertTrue(again.alreadyPresent());
        assertEquals(first.commit(), again.commit());
        assertTrue(log.all(), log.all().contains("Fetched"));
        assertEquals("Later\nSet a.yaml\nseed\n", GitCli.run(bare, "log", "--format=%s", "main"));
    }

    @Test
    public void dryRunAlwaysFetches() throws Exception {
        Path bare = newRepo();
        GitopsCommitter committer = committer();
        committer.commit(set(bare, "a.yaml", "a\n").build(), new RecordingListener());
        pushOther(bare, "Other", "a.yaml", "other\n");
        RecordingListener log = new RecordingListener();
        CommitResult r = committer.commit(set(bare, "a.yaml", "mine\n").dryRun(true).build(), log);
        assertTrue(r.dryRun());
        assertTrue(log.all(), log.all().contains("Fetched"));
        assertTrue(r.diff(), r.diff().contains("-other") && r.diff().contains("+mine"));
    }

    @Test
    public void aServerThatAskedForCredentialsGetsThemWithTheFirstRequestNextTime() throws Exception {
        Path bare = newRepo();
        Path cacheRoot = tmp.newFolder().toPath();
        GitopsCommitter committer = new GitopsCommitter(cacheRoot, d -> {}, Backoff.DEFAULT);
        int challengesBefore = server.challenges();
        committer.commit(set(bare, "a.yaml", "a: 1\n").build(), new RecordingListener());
        assertTrue("the first transaction is challenged", server.challenges() > challengesBefore);

        int challenges = server.challenges();
        int requests = server.requests();
        CommitResult warm = committer.commit(set(bare, "b.yaml", "b: 1\n").build(), new RecordingListener());
        assertEquals(warm.commit(), GitCli.run(bare, "rev-parse", "main").strip());
        assertEquals("no 401 round trip on a warm commit", challenges, server.challenges());
        assertEquals("a warm commit is the push's two requests", requests + 2, server.requests());
        HttpCommitTest.assertNoSecretsOnDisk(cacheRoot, PASSWORD);
    }

    @Test
    public void credentialsAreNotSentUnaskedToAServerThatNeverAskedForThem() throws Exception {
        Path bare = newRepo();
        Path cacheRoot = tmp.newFolder().toPath();
        GitopsCommitter committer = new GitopsCommitter(cacheRoot, d -> {}, Backoff.DEFAULT);
        committer.commit(set(bare, "a.yaml", "a: 1\n").build(), new RecordingListener());
        try (var files = java.nio.file.Files.walk(cacheRoot)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().equals("gitops-credentials-asked")));
        }
        Path other = tmp.newFolder().toPath();
        int challenges = server.challenges();
        new GitopsCommitter(other, d -> {}, Backoff.DEFAULT).commit(set(bare, "c.yaml", "c: 1\n").build(),
                new RecordingListener());
        assertTrue("a new cache knows nothing of the server", server.challenges() > challenges);
    }
}
