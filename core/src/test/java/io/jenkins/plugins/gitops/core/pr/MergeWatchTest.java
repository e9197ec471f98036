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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Waiting for merges on the GitHub simulator through the shared poller: a wait ends with the merge commit the host
 * made, fails fast when the pull request is closed, conflicts or the token is refused, waits out a rate limit and a
 * server error, and times out with a diagnosis; many waits on one repository share one poller, which asks with
 * {@code If-None-Match} and stays within one request per pull request per {@code requestEvery}.
 */
public class MergeWatchTest {
    /** Fast enough for tests: a poll at most every 20 ms, a request per pull request per 200 ms. */
    static final MergeWatch.Settings FAST = new MergeWatch.Settings(Duration.ofMillis(20), Duration.ofMillis(200),
            Duration.ofMillis(400));
    private static final String TOKEN = "ghp_merge_wait_1";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private HttpGitServer git;
    private GitHubSimulator github;
    private Path bare;
    private MergeWatch watch;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    @Before
    public void start() throws Exception {
        Path root = tmp.newFolder("repos").toPath();
        Files.createDirectories(root.resolve("acme"));
        Map<String, String> files = new java.util.HashMap<>(Map.of("values.yaml", "tag: 1\n"));
        for (int i = 0; i < 12; i++) files.put("app" + i + ".yaml", "tag: 1\n");
        bare = TestRepos.createBare(root.resolve("acme"), "cfg.git", files);
        GitCli.run(bare, "config", "receive.denyNonFastForwards", "false");
        git = HttpGitServer.serve(new GitHttpBackendServlet(root), "bot", "pw");
        github = new GitHubSimulator("acme", "cfg", TOKEN, bare);
        watch = MergeWatch.create(FAST);
    }

    @After
    public void stop() throws Exception {
        watch.close();
        github.close();
        git.close();
    }

    private PullRequestHost host(String token) {
        return GitHubPulls.forRepository(git.url("acme/cfg.git"), github.apiUrl(), token, Duration.ofSeconds(10),
                watch.httpClient());
    }

    private PullRequest open(String tag, String file) {
        CommitRequest request = CommitRequest.builder(git.url("acme/cfg.git")).branch("main").message("tag " + tag)
                .changes(new YamlValue(file, "tag", tag, null)).idempotencyKey("job#" + tag)
                .credentials(new Credentials.UsernamePassword("bot", "pw")).build();
        return new PullRequestCommitter(new GitopsCommitter(tmp.getRoot().toPath().resolve("cache"))).commit(request,
                new PullRequestSpec("tag " + tag, "", List.of(), List.of(), false, null), host(TOKEN),
                new RecordingListener()).pullRequest();
    }

    private PullRequest open(String tag) {
        return open(tag, "values.yaml");
    }

    private CompletableFuture<MergeOutcome> await(PullRequest pr, Duration timeout) {
        return watch.await(host(TOKEN), pr.number(), Instant.now().plus(timeout), lines::add);
    }

    private static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within 20 s: " + what);
            Thread.sleep(5);
        }
    }

    private void untilSaid(String part) throws InterruptedException {
        until("a line with '" + part + "' in " + lines, () -> lines.stream().anyMatch(l -> l.contains(part)));
    }

    private static MergeOutcome ended(CompletableFuture<MergeOutcome> wait) throws Exception {
        return wait.get(20, TimeUnit.SECONDS);
    }

    @Test
    public void endsWithTheMergeCommitTheHostMade() throws Exception {
        PullRequest pr = open("2");
        CompletableFuture<MergeOutcome> wait = await(pr, Duration.ofSeconds(20));
        untilSaid("is open");
        String merge = github.merge(pr.number());
        MergeOutcome outcome = ended(wait);
        assertTrue(outcome.toString(), outcome instanceof MergeOutcome.Merged);
        assertEquals(merge, outcome.pullRequest().mergeCommit());
        assertEquals(merge, GitCli.run(bare, "rev-parse", "main").strip());
        assertEquals("our commit is in the merge", "0",
                GitCli.run(bare, "rev-list", "--count", pr.headSha(), "^main").strip());
    }

    @Test
    public void aPullRequestClosedWithoutMergingFailsAtOnce() throws Exception {
        PullRequest pr = open("3");
        CompletableFuture<MergeOutcome> wait = await(pr, Duration.ofSeconds(20));
        untilSaid("is open");
        github.close(pr.number());
        MergeOutcome outcome = ended(wait);
        assertTrue(outcome.toString(), outcome instanceof MergeOutcome.Failed);
        assertEquals("pull request #" + pr.number() + " was closed without merging",
                ((MergeOutcome.Failed) outcome).reason());
    }

    @Test
    public void aConflictWithTheBaseFailsWithTheReason() throws Exception {
        PullRequest pr = open("4");
        CompletableFuture<MergeOutcome> wait = await(pr, Duration.ofSeconds(20));
        untilSaid("clean");
        TestRepos.pushChange(tmp.getRoot().toPath(), bare, "Someone sets another tag", Map.of("values.yaml", "tag: 99\n"));
        MergeOutcome outcome = ended(wait);
        assertTrue(outcome.toString(), outcome instanceof MergeOutcome.Failed);
        assertEquals("pull request #" + pr.number() + " has a merge conflict with main; it cannot be merged as it is",
                ((MergeOutcome.Failed) outcome).reason());
    }

    @Test
    public void aRequiredCheckThatFailsEndsTheWaitNamingIt() throws Exception {
        github.requireCheck("ci/test");
        PullRequest pr = open("11");
        CompletableFuture<MergeOutcome> wait = await(pr, Duration.ofSeconds(20));
        untilSaid("is open, blocked");
        github.check(pr.number(), "ci/test", "completed", "failure");
        MergeOutcome outcome = ended(wait);
        assertTrue(outcome.toString(), outcome instanceof MergeOutcome.Failed);
        assertEquals("pull request #" + pr.number() + " cannot be merged as it is: required check 'ci/test' (failure:"
                + " https://github.com/acme/cfg/runs/4001) failed", ((MergeOutcome.Failed) outcome).reason());
    }

    @Test
    public void aReviewerWhoAsksForChangesEndsTheWaitNamingThem() throws Exception {
        MergeOutcome outcome;
        PullRequest second = open("13");
        CompletableFuture<MergeOutcome> next = await(second, Duration.ofSeconds(20));
        untilSaid("#" + second.number() + " is open, clean");
        github.requestChanges(second.number(), "platform-lead");
        github.check(second.number(), "lint", "completed", "success");
        outcome = ended(next);
        assertEquals("pull request #" + second.number() + " cannot be merged as it is: platform-lead requested changes",
                ((MergeOutcome.Failed) outcome).reason());
    }

    @Test
    public void aFailedCheckThatIsNotRequiredDoesNotEndTheWait() throws Exception {
        PullRequest pr = open("14");
        CompletableFuture<MergeOutcome> wait = await(pr, Duration.ofSeconds(20));
        untilSaid("is open, clean");
        github.check(pr.number(), "lint", "completed", "failure");
        untilSaid("check 'lint' (failure");
        untilSaid("is open, unstable");
        github.requireReview();
        github.check(pr.number(), "lint", "completed", "failure");
        untilSaid("is open, blocked");
        assertTrue("blocked by the review, and lint is not required: still waiting", !wait.isDone());
        github.approve(pr.number());
        String merge = github.merge(pr.number());
        MergeOutcome outcome = ended(wait);
        assertTrue(outcome.toString(), outcome instanceof MergeOutcome.Merged);
        assertEquals(merge, outcome.pullRequest().mergeCommit());
        assertTrue(lines.toString(), lines.stream().anyMatch(l -> l.contains("is open, unstable")));
    }

    @Test
    public void aTimeoutNamesTheRequiredCheckStillRunning() throws Exception {
        github.requireCheck("ci/e2e");
        PullRequest pr = open("15");
        github.check(pr.number(), "ci/e2e", "in_progress", null);
        CompletableFuture<MergeOutcome> wait = await(pr, Duration.ofSeconds(20));
        untilSaid("check 'ci/e2e' (in_progress) has not finished");
        wait.cancel(true);
        MergeOutcome outcome = ended(await(pr, Duration.ofSeconds(4)));
        assertTrue(outcome.toString(), outcome instanceof MergeOutcome.TimedOut);
        assertEquals(lines.toString(), "Timed out waiting for pull request #" + pr.number() + " to be merged; it is open (blocked: a required"
                + " review or check is missing); check 'ci/e2e' (in_progress) has not finished",
                ((MergeOutcome.TimedOut) outcome).diagnosis());
    }

    @Test
    public void aRateLimitIsWaitedOutAsTheHostSays() throws Exception {
        PullRequest pr = open("5");
        github.rateLimitNext(2);
        long started = System.nanoTime();
        CompletableFuture<MergeOutcome> wait = await(pr, Duration.ofSeconds(20));
        untilSaid("is open");
        assertTrue("waited for the reset: " + lines, System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(900));
        assertTrue(lines.toString(), lines.get(0).contains("is rate limiting the token until"));
        assertTrue(lines.toString(), lines.get(0).contains("; asking again in "));
        github.merge(pr.number());
        assertTrue(ended(wait) instanceof MergeOutcome.Merged);
    }

    @Test
    public void aTimeoutSaysWhatThePullRequestIsWaitingFor() throws Exception {
        PullRequest pr = open("6");
        MergeOutcome outcome = ended(await(pr, Duration.ofSeconds(2)));
        assertTrue(outcome.toString(), outcome instanceof MergeOutcome.TimedOut);
        assertEquals("Timed out waiting for pull request #" + pr.number() + " to be merged; it is open (ready to merge,"
                + " waiting for someone or auto-merge to merge it)", ((MergeOutcome.TimedOut) outcome).diagnosis());
    }

    @Test
    public void aServerErrorOnTheWayIsAskedAgain() throws Exception {
        PullRequest pr = open("7");
        github.unavailableOnce();
        CompletableFuture<MergeOutcome> wait = await(pr, Duration.ofSeconds(20));
        untilSaid("is open");
        github.merge(pr.number());
        assertTrue(ended(wait) instanceof MergeOutcome.Merged);
        assertTrue(lines.toString(), lines.get(0).contains("failed to list pull requests: 503 Service Unavailable"));
    }

    @Test
    public void aRefusedTokenEndsTheWaitAtOnceWithoutShowingIt() throws Exception {
        PullRequest pr = open("8");
        MergeOutcome outcome = ended(watch.await(host("ghp_not_the_token"), pr.number(), Instant.now().plusSeconds(20),
                lines::add));
        assertTrue(outcome.toString(), outcome instanceof MergeOutcome.Failed);
        String reason = ((MergeOutcome.Failed) outcome).reason();
        assertTrue(reason, reason.endsWith("(acme/cfg) refused the token: 401 Bad credentials"));
        assertTrue(reason, !reason.contains("ghp_not_the_token"));
    }

    @Test
    public void manyWaitsShareOnePollerWithinTheRequestBudget() throws Exception {
        List<PullRequest> prs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            prs.add(open("m" + i, "app" + i + ".yaml"));
        }
        watch.close();
        watch = MergeWatch.create(new MergeWatch.Settings(Duration.ofMillis(1), FAST.requestEvery(), FAST.detailEvery()));
        int before = github.requests().size();
        long started = System.nanoTime();
        List<CompletableFuture<MergeOutcome>> waits = new ArrayList<>();
        for (PullRequest pr : prs) {
            waits.add(await(pr, Duration.ofSeconds(30)));
            waits.add(await(pr, Duration.ofSeconds(30)));
        }
        assertEquals(1, watch.pollers());
        until("every pull request read once", () -> lines.stream().filter(l -> l.contains("is open, clean")).count() >= 24);
        for (PullRequest pr : prs) {
            github.merge(pr.number());
        }
        for (CompletableFuture<MergeOutcome> wait : waits) {
            assertTrue(ended(wait) instanceof MergeOutcome.Merged);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        List<String> made = github.requests().subList(before, github.requests().size());
        long lists = made.stream().filter(r -> r.contains("sort=updated")).count();
        assertTrue("at most one request per pull request per 200 ms, and one more poll: " + made.size() + " in "
                + seconds + " s", made.size() <= 12 * seconds / 0.2 + 20);
        assertTrue("the list asked for most of them: " + lists + " of " + made.size(), lists >= made.size() / 3);
        until("the poller ends with its last wait", () -> watch.pollers() == 0);
    }

    @Test
    public void anUnchangedListIsAnsweredNotModified() throws Exception {
        PullRequest pr = open("9");
        CompletableFuture<MergeOutcome> wait = await(pr, Duration.ofSeconds(2));
        ended(wait);
        assertTrue("some lists were answered 304: " + github.requests(), github.notModified() > 0);
    }

    @Test
    public void cancellingAWaitStopsItsPoller() throws Exception {
        PullRequest pr = open("10");
        CompletableFuture<MergeOutcome> wait = await(pr, Duration.ofSeconds(20));
        untilSaid("is open");
        wait.cancel(true);
        until("no poller", () -> watch.pollers() == 0);
        int after = github.requests().size();
        Thread.sleep(200);
        assertEquals("no request after the poller ended", after, github.requests().size());
    }
}
