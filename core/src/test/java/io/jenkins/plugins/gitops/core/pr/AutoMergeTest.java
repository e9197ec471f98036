package io.jenkins.plugins.gitops.core.pr;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
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
 * Auto-merge on each host that has it, against the simulators over a real repository: the host merges by the method
 * asked for once what was missing (a review, the checks, an approval) is there, and the wait ends with the commit
 * that method left on the base; where nothing is missing it is merged at once; a repository that does not allow it
 * says so.
 */
public class AutoMergeTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private HttpGitServer git;
    private Path bare;
    private MergeWatch watch;
    private final RecordingListener log = new RecordingListener();

    @Before
    public void start() throws Exception {
        Path root = tmp.newFolder("repos").toPath();
        Files.createDirectories(root.resolve("acme"));
        bare = TestRepos.createBare(root.resolve("acme"), "cfg.git", Map.of("values.yaml", "tag: 1\n", "other.yaml", "a: 1\n"));
        git = HttpGitServer.serve(new GitHttpBackendServlet(root), "bot", "pw");
        watch = MergeWatch.create(MergeWatchTest.FAST);
    }

    @After
    public void stop() throws Exception {
        watch.close();
        git.close();
    }

    private String url() {
        return git.url("acme/cfg.git");
    }

    private PullRequest land(PullRequestHost host, String tag, String method) {
        CommitRequest request = CommitRequest.builder(url()).branch("main").message("tag " + tag)
                .changes(new YamlValue("values.yaml", "tag", tag, null)).idempotencyKey("deploy#" + tag)
                .credentials(new Credentials.UsernamePassword("bot", "pw")).build();
        return new PullRequestCommitter(new GitopsCommitter(tmp.getRoot().toPath().resolve("cache"))).commit(request,
                new PullRequestSpec("tag " + tag, "", List.of(), List.of(), false, null, method), host, log).pullRequest();
    }

    private MergeOutcome awaitMerge(PullRequestHost host, PullRequest pr, Runnable reviewer) throws Exception {
        var wait = watch.await(host, pr.number(), Instant.now().plusSeconds(20), line -> { });
        reviewer.run();
        return wait.get(20, TimeUnit.SECONDS);
    }

    private String main() {
        return GitCli.run(bare, "rev-parse", "main").strip();
    }

    @Test
    public void gitHubSquashesOnceTheRequiredReviewIsGiven() throws Exception {
        try (GitHubSimulator github = new GitHubSimulator("acme", "cfg", "ghp_auto", bare)) {
            github.requireReview();
            PullRequestHost host = GitHubPulls.forRepository(url(), github.apiUrl(), "ghp_auto", Duration.ofSeconds(10));
            PullRequest pr = land(host, "2", "squash");
            assertEquals("open", pr.state());
            assertTrue(log.all(), log.lines.stream().anyMatch(l -> l.contains(
                    "auto-merge (squash) is on: GitHub merges it once its required checks and reviews pass")));
            assertTrue(github.requests().contains("POST /graphql"));

            MergeOutcome outcome = awaitMerge(host, pr, () -> github.approve(pr.number()));
            assertTrue(outcome.toString(), outcome instanceof MergeOutcome.Merged);
            assertEquals(main(), outcome.pullRequest().mergeCommit());
            assertNotEquals("a squash makes a commit of its own", pr.headSha(), outcome.pullRequest().mergeCommit());
            assertEquals("one parent: squashed, not merged", 1, GitCli.run(bare, "rev-list", "--parents", "-n", "1", "main").strip().split(" ").length - 1);
        }
    }

    @Test
    public void gitHubMergesAtOnceWhenNothingIsMissingAndSaysWhenAutoMergeIsNotAllowed() throws Exception {
        try (GitHubSimulator github = new GitHubSimulator("acme", "cfg", "ghp_auto", bare)) {
            PullRequestHost host = GitHubPulls.forRepository(url(), github.apiUrl(), "ghp_auto", Duration.ofSeconds(10));
            PullRequest rebased = land(host, "3", "rebase");
            assertEquals("merged", rebased.state());
            assertEquals("a rebase leaves our change on main as a new commit", main(), rebased.mergeCommit());
            assertEquals("tag: 3\n", TestRepos.show(bare, "main", "values.yaml"));

            github.disallowAutoMerge();
            github.requireReview();
            PullRequestException refused = assertThrows(PullRequestException.class, () -> land(host, "4", "merge"));
            assertTrue(refused.getMessage(), refused.getMessage().endsWith(
                    "refused auto-merge for pull request #" + (rebased.number() + 1) + ": Auto merge is not allowed for this repository"));
        }
    }

    @Test
    public void giteaMergesWhenItsChecksSucceed() throws Exception {
        try (GiteaSimulator gitea = new GiteaSimulator("acme", "cfg", "gitea_auto", bare)) {
            gitea.holdChecks();
            PullRequestHost host = GiteaPulls.forRepository(url(), gitea.apiUrl(), "gitea_auto", Duration.ofSeconds(10));
            PullRequest pr = land(host, "5", "squash");
            assertTrue(log.all(), log.lines.stream().anyMatch(l -> l.contains(
                    "its merge (squash) is scheduled: Gitea merges it once its required checks pass")));
            assertEquals("a retry finds it scheduled", "open", land(host, "5", "squash").state());

            MergeOutcome outcome = awaitMerge(host, pr, gitea::passChecks);
            assertTrue(outcome.toString(), outcome instanceof MergeOutcome.Merged);
            assertEquals(main(), outcome.pullRequest().mergeCommit());
        }
    }

    @Test
    public void gitLabMergesWhenApprovedAfterAskingAgainWhileItChecks() throws Exception {
        String project = URI.create(url()).getPath().replaceAll("^/|\\.git$", "");
        try (GitLabSimulator gitlab = new GitLabSimulator(project, "glpat_auto", bare)) {
            gitlab.requireApproval();
            PullRequestHost host = PullRequestHosts.forRepository("gitlab", url(), gitlab.apiUrl(), "glpat_auto",
                    Duration.ofSeconds(10));
            PullRequest pr = land(host, "6", "squash");
            assertTrue(log.all(), log.lines.stream().anyMatch(l -> l.contains(
                    "auto-merge is on: GitLab merges it when its pipeline succeeds and its approvals are given")));
            assertEquals("asked again after the 405 of a merge request it still checked", 2, gitlab.requests().stream()
                    .filter(r -> r.startsWith("PUT ") && r.endsWith("/merge")).count());

            MergeOutcome outcome = awaitMerge(host, pr, () -> gitlab.approve(pr.number()));
            assertTrue(outcome.toString(), outcome instanceof MergeOutcome.Merged);
            assertEquals("the squash commit", main(), outcome.pullRequest().mergeCommit());
        }
    }

    @Test
    public void anUnknownMergeMethodIsRefusedBeforeAnythingIsPushed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PullRequestSpec("t", "", List.of(), List.of(), false, null, "octopus"));
        assertEquals("pull request: merge method 'octopus' is not one of merge, squash, rebase", e.getMessage());
    }
}
