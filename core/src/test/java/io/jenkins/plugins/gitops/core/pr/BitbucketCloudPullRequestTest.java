package io.jenkins.plugins.gitops.core.pr;

import static org.junit.Assert.assertEquals;
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
 * The same rules on Bitbucket Cloud (simulated, over a repository that C git serves): one pull request per change,
 * found by the branch query or after the create is refused; labels, auto-merge and reviewers by name refused before
 * anything is pushed; a squash merge ends the wait with the (abbreviated) hash Bitbucket shows; a decline fails it.
 */
public class BitbucketCloudPullRequestTest {
    private static final String TOKEN = "bbc-access-token";
    private static final String REVIEWER = "{d301aafa-d676-4ee0-88be-962be7417567}";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private HttpGitServer git;
    private BitbucketCloudSimulator bitbucket;
    private Path bare;
    private String gitUrl;
    private MergeWatch watch;

    @Before
    public void start() throws Exception {
        Path root = tmp.newFolder("repos").toPath();
        Files.createDirectories(root.resolve("acme"));
        bare = TestRepos.createBare(root.resolve("acme"), "deploy.git", Map.of("values.yaml", "tag: 1\n"));
        GitCli.run(bare, "config", "receive.denyNonFastForwards", "false");
        git = HttpGitServer.serve(new GitHttpBackendServlet(root), "bot", "pw");
        gitUrl = git.url("acme/deploy.git");
        bitbucket = new BitbucketCloudSimulator("acme", "deploy", TOKEN, bare);
        watch = MergeWatch.create(MergeWatchTest.FAST);
    }

    @After
    public void stop() throws Exception {
        watch.close();
        bitbucket.close();
        git.close();
    }

    private PullRequest land(String tag, List<String> labels, List<String> reviewers, String autoMerge) {
        CommitRequest request = CommitRequest.builder(gitUrl).branch("main").message("tag " + tag)
                .changes(new YamlValue("values.yaml", "tag", tag, null)).idempotencyKey("deploy#" + tag)
                .credentials(new Credentials.UsernamePassword("bot", "pw")).build();
        return new PullRequestCommitter(new GitopsCommitter(tmp.getRoot().toPath().resolve("cache"))).commit(request,
                new PullRequestSpec("tag " + tag, "", labels, reviewers, false, null, autoMerge),
                PullRequestHosts.forRepository("bitbucket-cloud", gitUrl, bitbucket.apiUrl(), TOKEN,
                        Duration.ofSeconds(10), watch.httpClient()), new RecordingListener()).pullRequest();
    }

    private MergeOutcome awaitMerge(PullRequest pr, Runnable reviewer) throws Exception {
        var wait = watch.await(PullRequestHosts.forRepository("bitbucket-cloud", gitUrl, bitbucket.apiUrl(), TOKEN,
                Duration.ofSeconds(10), watch.httpClient()), pr.number(), Instant.now().plusSeconds(20), line -> { });
        reviewer.run();
        return wait.get(20, TimeUnit.SECONDS);
    }

    @Test
    public void onePullRequestPerChangeAndWhatBitbucketCannotDoIsRefusedFirst() throws Exception {
        PullRequest first = land("2", List.of(), List.of(REVIEWER), null);
        assertEquals(REVIEWER, bitbucket.pull(first.number()).path("reviewers").path(0).path("uuid").asText());
        assertEquals(first.number(), land("2", List.of(), List.of(REVIEWER), null).number());
        bitbucket.hideFromNextQuery();
        assertEquals("found after the create is refused", first.number(), land("2", List.of(), List.of(), null).number());
        assertEquals(1, bitbucket.count());

        int branches = GitCli.run(bare, "branch", "--list").lines().toList().size();
        assertEquals("Bitbucket Cloud has no pull-request labels; leave labels out", assertThrows(
                IllegalArgumentException.class, () -> land("3", List.of("deploy"), List.of(), null)).getMessage());
        assertEquals("Bitbucket Cloud has no auto-merge; leave autoMerge out and merge it there", assertThrows(
                IllegalArgumentException.class, () -> land("3", List.of(), List.of(), "squash")).getMessage());
        assertEquals("Bitbucket Cloud takes reviewers by account UUID ({…}), not 'platform-lead'", assertThrows(
                IllegalArgumentException.class, () -> land("3", List.of(), List.of("platform-lead"), null)).getMessage());
        assertEquals(branches, GitCli.run(bare, "branch", "--list").lines().toList().size());
    }

    @Test
    public void aSquashMergeEndsTheWaitAndADeclineFailsIt() throws Exception {
        PullRequest pr = land("4", List.of(), List.of(), null);
        String[] merged = new String[1];
        MergeOutcome outcome = awaitMerge(pr, () -> merged[0] = bitbucket.merge(pr.number(), "squash"));
        assertTrue(outcome.toString(), outcome instanceof MergeOutcome.Merged);
        assertEquals(GitCli.run(bare, "rev-parse", "main").strip(), merged[0]);
        assertTrue("as Bitbucket shows it, abbreviated", merged[0].startsWith(outcome.pullRequest().mergeCommit()));

        PullRequest declined = land("5", List.of(), List.of(), null);
        outcome = awaitMerge(declined, () -> bitbucket.decline(declined.number()));
        assertEquals("pull request #" + declined.number() + " was closed without merging",
                ((MergeOutcome.Failed) outcome).reason());
    }
}
