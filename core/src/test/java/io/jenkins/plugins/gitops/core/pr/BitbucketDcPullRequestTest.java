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
 * The same rules on Bitbucket Data Center (simulated, over a repository that C git serves at {@code /scm/OPS/shop}):
 * one pull request per change, found again by its source ref or through the 409 that carries it; no labels, refused
 * before anything is pushed; a merge check's veto named on timeout; auto-merge once approved; a conflict; a refused
 * token.
 */
public class BitbucketDcPullRequestTest {
    private static final String TOKEN = "bbdc-http-token-1";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private HttpGitServer git;
    private BitbucketDcSimulator bitbucket;
    private Path bare;
    private String gitUrl;
    private MergeWatch watch;

    @Before
    public void start() throws Exception {
        Path root = tmp.newFolder("repos").toPath();
        Files.createDirectories(root.resolve("scm/OPS"));
        bare = TestRepos.createBare(root.resolve("scm/OPS"), "shop.git", Map.of("values.yaml", "tag: 1\n"));
        GitCli.run(bare, "config", "receive.denyNonFastForwards", "false");
        git = HttpGitServer.serve(new GitHttpBackendServlet(root), "bot", "pw");
        gitUrl = git.url("scm/OPS/shop.git");
        bitbucket = new BitbucketDcSimulator("OPS", "shop", TOKEN, bare);
        watch = MergeWatch.create(MergeWatchTest.FAST);
    }

    @After
    public void stop() throws Exception {
        watch.close();
        bitbucket.close();
        git.close();
    }

    private PullRequestHost host(String token) {
        return PullRequestHosts.forRepository("bitbucket-datacenter", gitUrl, bitbucket.apiUrl(), token,
                Duration.ofSeconds(10), watch.httpClient());
    }

    private PullRequest land(String tag, List<String> labels, String autoMerge) {
        CommitRequest request = CommitRequest.builder(gitUrl).branch("main").message("tag " + tag)
                .changes(new YamlValue("values.yaml", "tag", tag, null)).idempotencyKey("deploy#" + tag)
                .credentials(new Credentials.UsernamePassword("bot", "pw")).build();
        return new PullRequestCommitter(new GitopsCommitter(tmp.getRoot().toPath().resolve("cache"))).commit(request,
                new PullRequestSpec("tag " + tag, "", labels, List.of("platform-lead"), false, null, autoMerge),
                host(TOKEN), new RecordingListener()).pullRequest();
    }

    private MergeOutcome awaitMerge(PullRequest pr, Duration timeout, Runnable reviewer) throws Exception {
        var wait = watch.await(host(TOKEN), pr.number(), Instant.now().plus(timeout), line -> { });
        reviewer.run();
        return wait.get(20, TimeUnit.SECONDS);
    }

    private String main() {
        return GitCli.run(bare, "rev-parse", "main").strip();
    }

    @Test
    public void onePullRequestPerChangeFoundByItsSourceRefOrTheConflictThatCarriesIt() throws Exception {
        PullRequest first = land("2", List.of(), null);
        var pr = bitbucket.pull(first.number());
        assertEquals("refs/heads/" + first.branch(), pr.path("fromRef").path("id").asText());
        assertEquals("platform-lead", pr.path("reviewers").path(0).path("user").path("name").asText());
        assertEquals(first.number(), land("2", List.of(), null).number());
        bitbucket.hideFromNextList();
        assertEquals("the 409 carries the existing one", first.number(), land("2", List.of(), null).number());
        assertEquals(1, bitbucket.count());

        int branches = GitCli.run(bare, "branch", "--list").lines().toList().size();
        IllegalArgumentException labels = assertThrows(IllegalArgumentException.class, () -> land("3", List.of("deploy"), null));
        assertEquals("Bitbucket Data Center has no pull-request labels; leave labels out", labels.getMessage());
        assertEquals("refused before anything is pushed", branches, GitCli.run(bare, "branch", "--list").lines().toList().size());
    }

    @Test
    public void aVetoIsNamedAndAutoMergeSquashesOnceApproved() throws Exception {
        bitbucket.requireApproval();
        PullRequest waiting = land("4", List.of(), null);
        MergeOutcome outcome = awaitMerge(waiting, Duration.ofSeconds(3), () -> { });
        assertTrue(outcome.toString(), outcome instanceof MergeOutcome.TimedOut);
        assertTrue(((MergeOutcome.TimedOut) outcome).diagnosis(), ((MergeOutcome.TimedOut) outcome).diagnosis()
                .endsWith("it is open (blocked: a required review or check is missing); check 'Requires 1 approval'"
                        + " (a merge check) has not finished"));

        PullRequest auto = land("5", List.of(), "squash");
        assertEquals("open", auto.state());
        outcome = awaitMerge(auto, Duration.ofSeconds(20), () -> bitbucket.approve(auto.number()));
        assertTrue(outcome.toString(), outcome instanceof MergeOutcome.Merged);
        assertEquals(main(), outcome.pullRequest().mergeCommit());
        assertEquals("squashed: one parent", 1, GitCli.run(bare, "rev-list", "--parents", "-n", "1", "main").strip()
                .split(" ").length - 1);
    }

    @Test
    public void aConflictFailsAndARefusedTokenIsNamedWithoutShowingIt() throws Exception {
        PullRequest pr = land("6", List.of(), null);
        TestRepos.pushChange(tmp.getRoot().toPath(), bare, "another tag", Map.of("values.yaml", "tag: 66\n"));
        MergeOutcome outcome = awaitMerge(pr, Duration.ofSeconds(20), () -> { });
        assertEquals("pull request #" + pr.number() + " has a merge conflict with main; it cannot be merged as it is",
                ((MergeOutcome.Failed) outcome).reason());

        PullRequestException refused = assertThrows(PullRequestException.class, () -> host("wrong-token").get(pr.number()));
        assertEquals("Bitbucket Data Center at 127.0.0.1:" + URI.create(bitbucket.apiUrl()).getPort() + " (OPS/shop)"
                + " refused the token: 401 Authentication failed. Please check your credentials and try again.",
                refused.getMessage());
        assertFalse(refused.getMessage().contains("wrong-token"));
    }
}
