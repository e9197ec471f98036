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
 * The same rules on Azure DevOps (simulated, over a repository that C git serves at {@code /fabrikam/shop/_git/config}):
 * one pull request per change (also through TF401179), labels, reviewers by identity ID (a name is refused before
 * anything is pushed), auto-complete with a squash once approved, a conflict from {@code mergeStatus}, a refused token.
 */
public class AzureDevOpsPullRequestTest {
    private static final String PAT = "azdo-pat-5e3";
    private static final String REVIEWER = "19d9411e-9a34-45bb-b985-d24d9d87c0c9";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private HttpGitServer git;
    private AzureDevOpsSimulator azure;
    private Path bare;
    private String gitUrl;
    private MergeWatch watch;

    @Before
    public void start() throws Exception {
        Path root = tmp.newFolder("repos").toPath();
        Files.createDirectories(root.resolve("fabrikam/shop/_git"));
        bare = TestRepos.createBare(root.resolve("fabrikam/shop/_git"), "config", Map.of("values.yaml", "tag: 1\n"));
        GitCli.run(bare, "config", "receive.denyNonFastForwards", "false");
        git = HttpGitServer.serve(new GitHttpBackendServlet(root), "bot", "pw");
        gitUrl = git.url("fabrikam/shop/_git/config");
        azure = new AzureDevOpsSimulator("/git/fabrikam/shop/_apis/git/repositories/config", PAT, bare);
        watch = MergeWatch.create(MergeWatchTest.FAST);
    }

    @After
    public void stop() throws Exception {
        watch.close();
        azure.close();
        git.close();
    }

    private PullRequestHost host(String pat) {
        return PullRequestHosts.forRepository("", gitUrl, azure.apiUrl(), pat, Duration.ofSeconds(10), watch.httpClient());
    }

    private PullRequest land(String tag, List<String> reviewers, String autoMerge) {
        CommitRequest request = CommitRequest.builder(gitUrl).branch("main").message("tag " + tag)
                .changes(new YamlValue("values.yaml", "tag", tag, null)).idempotencyKey("deploy#" + tag)
                .credentials(new Credentials.UsernamePassword("bot", "pw")).build();
        return new PullRequestCommitter(new GitopsCommitter(tmp.getRoot().toPath().resolve("cache"))).commit(request,
                new PullRequestSpec("tag " + tag, "", List.of("deploy"), reviewers, false, null, autoMerge), host(PAT),
                new RecordingListener()).pullRequest();
    }

    private MergeOutcome awaitMerge(PullRequest pr, Runnable reviewer) throws Exception {
        var wait = watch.await(host(PAT), pr.number(), Instant.now().plusSeconds(20), line -> { });
        reviewer.run();
        return wait.get(20, TimeUnit.SECONDS);
    }

    @Test
    public void onePullRequestPerChangeWithLabelsAndReviewersByIdentity() throws Exception {
        PullRequest first = land("2", List.of(REVIEWER), null);
        var pr = azure.pullRequest(first.number());
        assertEquals("refs/heads/" + first.branch(), pr.path("sourceRefName").asText());
        assertEquals("deploy", pr.path("labels").path(0).path("name").asText());
        assertEquals(REVIEWER, pr.path("reviewers").path(0).path("id").asText());
        assertEquals(first.number(), land("2", List.of(REVIEWER), null).number());
        assertEquals(1, azure.count());

        int branches = GitCli.run(bare, "branch", "--list").lines().toList().size();
        IllegalArgumentException byName = assertThrows(IllegalArgumentException.class,
                () -> land("3", List.of("platform-lead"), null));
        assertEquals("Azure DevOps takes reviewers by identity ID (a GUID), not 'platform-lead'", byName.getMessage());
        assertEquals(branches, GitCli.run(bare, "branch", "--list").lines().toList().size());
    }

    @Test
    public void autoCompleteSquashesOnceApprovedAndAConflictFails() throws Exception {
        azure.requireApproval();
        PullRequest auto = land("4", List.of(), "squash");
        assertEquals("open", auto.state());
        MergeOutcome outcome = awaitMerge(auto, () -> azure.approve(auto.number()));
        assertTrue(outcome.toString(), outcome instanceof MergeOutcome.Merged);
        assertEquals(GitCli.run(bare, "rev-parse", "main").strip(), outcome.pullRequest().mergeCommit());
        assertEquals(1, GitCli.run(bare, "rev-list", "--parents", "-n", "1", "main").strip().split(" ").length - 1);

        PullRequest conflicting = land("5", List.of(), null);
        TestRepos.pushChange(tmp.getRoot().toPath(), bare, "another tag", Map.of("values.yaml", "tag: 55\n"));
        outcome = awaitMerge(conflicting, () -> { });
        assertEquals("pull request #" + conflicting.number() + " has a merge conflict with main; it cannot be merged as it is",
                ((MergeOutcome.Failed) outcome).reason());
    }

    @Test
    public void aRefusedTokenIsNamedWithoutShowingIt() {
        PullRequestException refused = assertThrows(PullRequestException.class, () -> host("wrong-pat").get(22));
        assertTrue(refused.getMessage(), refused.getMessage().startsWith("Azure DevOps at 127.0.0.1:"));
        assertTrue(refused.getMessage(), refused.getMessage().contains("refused the token: 401"));
        assertFalse(refused.getMessage().contains("wrong-pat"));
    }
}
