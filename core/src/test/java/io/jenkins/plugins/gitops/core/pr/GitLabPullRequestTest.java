package io.jenkins.plugins.gitops.core.pr;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
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
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The same rules on GitLab's API (simulated, over a repository in a subgroup that C git serves): one merge request
 * per change found again on a retry (also through GitLab's 409), labels and reviewers (looked up by name), a draft,
 * a merge and a squash merge each ending the wait with the commit on the target, a conflict, a missing approval, a
 * rate limit, and a refused token.
 */
public class GitLabPullRequestTest {
    private static final String TOKEN = "glpat-test-token-77";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private HttpGitServer git;
    private GitLabSimulator gitlab;
    private Path bare;
    private String gitUrl;
    private MergeWatch watch;

    @Before
    public void start() throws Exception {
        Path root = tmp.newFolder("repos").toPath();
        Files.createDirectories(root.resolve("platform/deploy"));
        bare = TestRepos.createBare(root.resolve("platform/deploy"), "shop.git", Map.of("values.yaml", "tag: 1\n"));
        git = HttpGitServer.serve(new GitHttpBackendServlet(root), "bot", "pw");
        gitUrl = git.url("platform/deploy/shop.git");
        String project = URI.create(gitUrl).getPath().replaceAll("^/|\\.git$", "");
        gitlab = new GitLabSimulator(project, TOKEN, bare);
        gitlab.addUser("platform-lead", 301);
        watch = MergeWatch.create(MergeWatchTest.FAST);
    }

    @After
    public void stop() throws Exception {
        watch.close();
        gitlab.close();
        git.close();
    }

    private PullRequestHost host(String token) {
        return PullRequestHosts.forRepository("", gitUrl, gitlab.apiUrl(), token, Duration.ofSeconds(10),
                watch.httpClient());
    }

    private PullRequestCommitter.Result land(String tag, boolean draft) {
        CommitRequest request = CommitRequest.builder(gitUrl).branch("main").message("tag " + tag)
                .changes(new YamlValue("values.yaml", "tag", tag, null)).idempotencyKey("deploy#" + tag)
                .credentials(new Credentials.UsernamePassword("bot", "pw")).build();
        return new PullRequestCommitter(new GitopsCommitter(tmp.getRoot().toPath().resolve("cache"))).commit(request,
                new PullRequestSpec("tag " + tag, "", List.of("deploy"), List.of("platform-lead"), draft, null),
                host(TOKEN), new RecordingListener());
    }

    private MergeOutcome awaitMerge(PullRequest pr, Duration timeout, Runnable reviewer) throws Exception {
        var wait = watch.await(host(TOKEN), pr.number(), Instant.now().plus(timeout), line -> { });
        reviewer.run();
        return wait.get(20, TimeUnit.SECONDS);
    }

    @Test
    public void oneMergeRequestPerChangeWithLabelsReviewersAndDraft() throws Exception {
        PullRequest first = land("2", true).pullRequest();
        var mr = gitlab.mergeRequest(first.number());
        assertEquals("Draft: tag 2", mr.path("title").asText());
        assertTrue(mr.path("draft").asBoolean());
        assertEquals("deploy", mr.path("labels").path(0).asText());
        assertEquals(301, mr.path("reviewers").path(0).path("id").asInt());
        assertEquals(GitCli.run(bare, "rev-parse", first.branch()).strip(), mr.path("sha").asText());

        PullRequest again = land("2", true).pullRequest();
        assertEquals(first.number(), again.number());
        assertFalse(again.created());
        gitlab.hideFromNextList();
        assertEquals("GitLab's 409 names the existing one", first.number(), land("2", true).pullRequest().number());
        assertEquals(1, gitlab.count());
        assertTrue("the project is named by its encoded path: " + gitlab.requests(),
                gitlab.requests().contains("POST /api/v4/projects/git%2Fplatform%2Fdeploy%2Fshop/merge_requests"));
    }

    @Test
    public void aMergeAndASquashMergeEndTheWaitWithTheCommitOnTheTarget() throws Exception {
        PullRequest merged = land("3", false).pullRequest();
        String[] sha = new String[1];
        MergeOutcome outcome = awaitMerge(merged, Duration.ofSeconds(20), () -> sha[0] = gitlab.merge(merged.number()));
        assertTrue(outcome.toString(), outcome instanceof MergeOutcome.Merged);
        assertEquals(sha[0], outcome.pullRequest().mergeCommit());
        assertEquals(GitCli.run(bare, "rev-parse", "main").strip(), sha[0]);

        PullRequest squashed = land("4", false).pullRequest();
        outcome = awaitMerge(squashed, Duration.ofSeconds(20), () -> sha[0] = gitlab.squashMerge(squashed.number()));
        assertTrue(outcome.toString(), outcome instanceof MergeOutcome.Merged);
        assertEquals("squash_commit_sha, the target's new tip", GitCli.run(bare, "rev-parse", "main").strip(),
                outcome.pullRequest().mergeCommit());
        assertFalse("a squash commit is not our commit", outcome.pullRequest().mergeCommit().equals(squashed.headSha()));
    }

    @Test
    public void aConflictFailsAndAMissingApprovalIsNamedOnTimeout() throws Exception {
        PullRequest conflicting = land("5", false).pullRequest();
        TestRepos.pushChange(tmp.getRoot().toPath(), bare, "Another tag on main", Map.of("values.yaml", "tag: 77\n"));
        MergeOutcome outcome = awaitMerge(conflicting, Duration.ofSeconds(20), () -> { });
        assertTrue(outcome.toString(), outcome instanceof MergeOutcome.Failed);
        assertEquals("pull request #" + conflicting.number() + " has a merge conflict with main; it cannot be merged as it is",
                ((MergeOutcome.Failed) outcome).reason());

        gitlab.requireApproval();
        PullRequest unapproved = land("6", false).pullRequest();
        outcome = awaitMerge(unapproved, Duration.ofSeconds(2), () -> { });
        assertTrue(outcome.toString(), outcome instanceof MergeOutcome.TimedOut);
        assertTrue(((MergeOutcome.TimedOut) outcome).diagnosis(),
                ((MergeOutcome.TimedOut) outcome).diagnosis().endsWith("it is open (waiting for a required approval)"));
    }

    @Test
    public void aRateLimitIsWaitedOutAndARefusedTokenNamedWithoutShowingIt() throws Exception {
        PullRequest pr = land("7", false).pullRequest();
        gitlab.rateLimitNext(1);
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        var wait = watch.await(host(TOKEN), pr.number(), Instant.now().plusSeconds(20), lines::add);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (lines.stream().noneMatch(l -> l.contains("is open")) && System.nanoTime() < deadline) Thread.sleep(5);
        gitlab.merge(pr.number());
        assertTrue(wait.get(20, TimeUnit.SECONDS) instanceof MergeOutcome.Merged);
        assertTrue(lines.toString(), lines.get(0).contains("is rate limiting the token until"));
        assertTrue(lines.toString(), lines.get(0).contains(", retry after 1 s: Retry later; asking again in 1 s"));

        PullRequestException refused = assertThrows(PullRequestException.class, () -> host("glpat-wrong").get(pr.number()));
        assertEquals("GitLab at 127.0.0.1:" + URI.create(gitlab.apiUrl()).getPort()
                + " (git/platform/deploy/shop) refused the token: 401 Unauthorized", refused.getMessage());
    }
}
