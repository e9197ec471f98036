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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The same rules on Gitea's API (simulated, over a repository that C git serves), where its API differs from GitHub's. */
public class GiteaPullRequestTest {
    private static final String TOKEN = "gitea_token_5a5a";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private HttpGitServer git;
    private GiteaSimulator gitea;
    private Path bare;

    @Before
    public void start() throws Exception {
        Path root = tmp.newFolder("repos").toPath();
        Files.createDirectories(root.resolve("ops"));
        bare = TestRepos.createBare(root.resolve("ops"), "deploy.git", Map.of("values.yaml", "tag: 1\n",
                "api.yaml", "tag: 1\n"));
        git = HttpGitServer.serve(new GitHttpBackendServlet(root), "bot", "pw");
        gitea = new GiteaSimulator("ops", "deploy", TOKEN, bare);
    }

    @After
    public void stop() throws Exception {
        gitea.close();
        git.close();
    }

    private PullRequestHost host(String token) {
        return GiteaPulls.forRepository(git.url("ops/deploy.git"), gitea.apiUrl(), token, Duration.ofSeconds(10));
    }

    private PullRequestCommitter.Result land(String tag, boolean draft, PullRequestHost host) {
        return land("values.yaml", tag, draft, host);
    }

    private PullRequestCommitter.Result land(String file, String tag, boolean draft, PullRequestHost host) {
        CommitRequest request = CommitRequest.builder(git.url("ops/deploy.git")).branch("main").message("tag " + tag)
                .changes(new YamlValue(file, "tag", tag, null)).idempotencyKey("deploy#" + tag)
                .credentials(new Credentials.UsernamePassword("bot", "pw")).build();
        return new PullRequestCommitter(new GitopsCommitter(tmp.getRoot().toPath().resolve("cache"))).commit(request,
                new PullRequestSpec("tag " + tag, "", List.of("deploy"), List.of("lead"), draft, null), host,
                new RecordingListener());
    }

    @Test
    public void opensFindsOnRetryAndUnderstandsGiteasAlreadyExists() {
        PullRequest first = land("2", false, host(TOKEN)).pullRequest();
        assertTrue(first.created());
        assertEquals("https://gitea.example.com/ops/deploy/pulls/" + first.number(), first.url());
        assertEquals(first.headSha(), GitCli.run(bare, "rev-parse", first.branch()).strip());
        assertEquals("deploy", gitea.pull(first.number()).path("labels").path(0).path("name").asText());
        assertEquals("lead", gitea.pull(first.number()).path("requested_reviewers").path(0).path("login").asText());

        PullRequest again = land("2", false, host(TOKEN)).pullRequest();
        assertEquals(first.number(), again.number());
        assertFalse(again.created());
        gitea.hideFromNextList();
        PullRequest third = land("2", false, host(TOKEN)).pullRequest();
        assertEquals("the 409 led to the existing one", first.number(), third.number());
        assertEquals(1, gitea.count());
    }

    @Test
    public void aDraftIsAWipTitleAndAMergeEndsTheWaitWithItsCommit() throws Exception {
        PullRequest pr = land("3", true, host(TOKEN)).pullRequest();
        assertEquals("WIP: tag 3", gitea.pull(pr.number()).path("title").asText());
        assertTrue(gitea.pull(pr.number()).path("draft").asBoolean());
        String merge = gitea.merge(pr.number());

        MergeOutcome outcome = awaitMerge(pr);
        assertTrue(outcome.toString(), outcome instanceof MergeOutcome.Merged);
        assertEquals(merge, outcome.pullRequest().mergeCommit());
    }

    @Test
    public void aConflictIsReportedFromGiteasMergeable() throws Exception {
        PullRequest pr = land("4", false, host(TOKEN)).pullRequest();
        TestRepos.pushChange(tmp.getRoot().toPath(), bare, "Another tag on main", Map.of("values.yaml", "tag: 77\n"));
        MergeOutcome outcome = awaitMerge(pr);
        assertTrue(outcome.toString(), outcome instanceof MergeOutcome.Failed);
        assertTrue(((MergeOutcome.Failed) outcome).reason(), ((MergeOutcome.Failed) outcome).reason().contains("merge conflict"));
    }

    /** Through the shared poller, which on Gitea judges from the list alone. */
    private MergeOutcome awaitMerge(PullRequest pr) throws Exception {
        try (MergeWatch watch = MergeWatch.create(MergeWatchTest.FAST)) {
            return watch.await(host(TOKEN), pr.number(), java.time.Instant.now().plusSeconds(10), line -> { })
                    .get(20, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    public void aSecondWaitOnAPullRequestThePollerSawBeforeIsAnsweredToo() throws Exception {
        PullRequest kept = land("api.yaml", "6", false, host(TOKEN)).pullRequest();
        PullRequest merged = land("7", false, host(TOKEN)).pullRequest();
        try (MergeWatch watch = MergeWatch.create(MergeWatchTest.FAST)) {
            var keepsThePollerAlive = watch.await(host(TOKEN), kept.number(), java.time.Instant.now().plusSeconds(20), l -> { });
            gitea.merge(merged.number());
            MergeOutcome first = watch.await(host(TOKEN), merged.number(), java.time.Instant.now().plusSeconds(10), l -> { })
                    .get(20, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(first.toString(), first instanceof MergeOutcome.Merged);
            MergeOutcome again = watch.await(host(TOKEN), merged.number(), java.time.Instant.now().plusSeconds(10), l -> { })
                    .get(20, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue("the list did not change, and the new wait is answered: " + again, again instanceof MergeOutcome.Merged);
            assertFalse(keepsThePollerAlive.isDone());
        }
    }

    @Test
    public void aRefusedTokenIsNamedWithoutShowingIt() {
        PullRequestException e = assertThrows(PullRequestException.class, () -> land("5", false, host("wrong_gitea_tok")));
        assertEquals("Gitea at 127.0.0.1:" + java.net.URI.create(gitea.apiUrl()).getPort()
                + " (ops/deploy) refused the token: 401 token is required", e.getMessage());
    }
}
