package io.jenkins.plugins.gitops.core.pr;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.gitops.core.change.YamlValue;
import io.jenkins.plugins.gitops.core.git.CommitRequest;
import io.jenkins.plugins.gitops.core.git.Credentials;
import io.jenkins.plugins.gitops.core.git.GitopsCommitter;
import io.jenkins.plugins.gitops.core.testing.GitCli;
import io.jenkins.plugins.gitops.core.testing.GitHttpBackendServlet;
import io.jenkins.plugins.gitops.core.testing.HttpGitServer;
import io.jenkins.plugins.gitops.core.testing.RecordingListener;
import io.jenkins.plugins.gitops.core.testing.TestRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Waiting for the merge of a pull request on the GitHub simulator: it ends with the merge commit the host made, fails
 * fast when the pull request is closed or conflicts, waits out a rate limit, and times out with a diagnosis. The
 * sleeper plays the reviewer: what a person does on the host happens while the wait sleeps.
 */
public class MergeWaitTest {
    private static final String TOKEN = "ghp_merge_wait_1";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private HttpGitServer git;
    private GitHubSimulator github;
    private Path bare;
    private final List<Duration> sleeps = new ArrayList<>();

    @Before
    public void start() throws Exception {
        Path root = tmp.newFolder("repos").toPath();
        Files.createDirectories(root.resolve("acme"));
        bare = TestRepos.createBare(root.resolve("acme"), "cfg.git", Map.of("values.yaml", "tag: 1\n"));
        GitCli.run(bare, "config", "receive.denyNonFastForwards", "false");
        git = HttpGitServer.serve(new GitHttpBackendServlet(root), "bot", "pw");
        github = new GitHubSimulator("acme", "cfg", TOKEN, bare);
    }

    @After
    public void stop() throws Exception {
        github.close();
        git.close();
    }

    private GitHubPulls host() {
        return GitHubPulls.forRepository(git.url("acme/cfg.git"), github.apiUrl(), TOKEN, Duration.ofSeconds(10));
    }

    private PullRequest open(String tag) {
        CommitRequest request = CommitRequest.builder(git.url("acme/cfg.git")).branch("main").message("tag " + tag)
                .changes(new YamlValue("values.yaml", "tag", tag, null)).idempotencyKey("job#" + tag)
                .credentials(new Credentials.UsernamePassword("bot", "pw")).build();
        return new PullRequestCommitter(new GitopsCommitter(tmp.getRoot().toPath().resolve("cache"))).commit(request,
                new PullRequestSpec("tag " + tag, "", List.of(), List.of(), false, null), host(),
                new RecordingListener()).pullRequest();
    }

    private MergeWait.Outcome await(PullRequest pr, Duration timeout, Runnable onSecondSleep) throws Exception {
        MergeWait wait = new MergeWait(d -> {
            sleeps.add(d);
            if (sleeps.size() == 2) onSecondSleep.run();
        }, Duration.ofMillis(10), Duration.ofMillis(40));
        return wait.await(host(), pr.number(), System.nanoTime() + timeout.toNanos(), line -> { });
    }

    @Test
    public void endsWithTheMergeCommitTheHostMade() throws Exception {
        PullRequest pr = open("2");
        String[] merge = new String[1];
        MergeWait.Outcome outcome = await(pr, Duration.ofSeconds(20), () -> merge[0] = github.merge(pr.number()));
        assertTrue(outcome.toString(), outcome instanceof MergeWait.Merged);
        assertEquals(merge[0], outcome.pullRequest().mergeCommit());
        assertEquals(merge[0], GitCli.run(bare, "rev-parse", "main").strip());
        assertEquals("our commit is in the merge", "0",
                GitCli.run(bare, "rev-list", "--count", pr.headSha(), "^main").strip());
    }

    @Test
    public void aPullRequestClosedWithoutMergingFailsAtOnce() throws Exception {
        PullRequest pr = open("3");
        MergeWait.Outcome outcome = await(pr, Duration.ofSeconds(20), () -> github.close(pr.number()));
        assertTrue(outcome.toString(), outcome instanceof MergeWait.Failed);
        assertEquals("pull request #" + pr.number() + " was closed without merging",
                ((MergeWait.Failed) outcome).reason());
    }

    @Test
    public void aConflictWithTheBaseFailsWithTheReason() throws Exception {
        PullRequest pr = open("4");
        MergeWait.Outcome outcome = await(pr, Duration.ofSeconds(20), () -> TestRepos.pushChange(tmp.getRoot().toPath(),
                bare, "Someone sets another tag", Map.of("values.yaml", "tag: 99\n")));
        assertTrue(outcome.toString(), outcome instanceof MergeWait.Failed);
        assertEquals("pull request #" + pr.number() + " has a merge conflict with main; it cannot be merged as it is",
                ((MergeWait.Failed) outcome).reason());
    }

    @Test
    public void aRateLimitIsWaitedOutAsTheHostSays() throws Exception {
        PullRequest pr = open("5");
        github.rateLimitNext(3);
        MergeWait.Outcome outcome = await(pr, Duration.ofSeconds(20), () -> github.merge(pr.number()));
        assertTrue(outcome.toString(), outcome instanceof MergeWait.Merged);
        assertTrue("slept until the reset: " + sleeps, sleeps.get(0).compareTo(Duration.ofSeconds(1)) >= 0);
    }

    @Test
    public void aTimeoutSaysWhatThePullRequestIsWaitingFor() throws Exception {
        PullRequest pr = open("6");
        long started = System.nanoTime();
        MergeWait.Outcome outcome = new MergeWait(d -> TimeUnit.NANOSECONDS.sleep(d.toNanos()), Duration.ofMillis(50),
                Duration.ofMillis(200)).await(host(), pr.number(), System.nanoTime() + Duration.ofSeconds(1).toNanos(),
                        line -> { });
        assertTrue(outcome.toString(), outcome instanceof MergeWait.TimedOut);
        assertEquals("Timed out waiting for pull request #" + pr.number() + " to be merged; it is open (ready to merge,"
                + " waiting for someone or auto-merge to merge it)", ((MergeWait.TimedOut) outcome).diagnosis());
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(10).toNanos());
    }

    @Test
    public void aServerErrorOnTheWayIsAskedAgain() throws Exception {
        PullRequest pr = open("7");
        github.unavailableOnce();
        MergeWait.Outcome outcome = await(pr, Duration.ofSeconds(20), () -> github.merge(pr.number()));
        assertTrue(outcome.toString(), outcome instanceof MergeWait.Merged);
    }
}
