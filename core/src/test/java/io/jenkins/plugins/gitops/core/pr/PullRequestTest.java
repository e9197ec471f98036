package io.jenkins.plugins.gitops.core.pr;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.gitops.core.change.YamlValue;
import io.jenkins.plugins.gitops.core.git.BuildInfo;
import io.jenkins.plugins.gitops.core.git.CommitRequest;
import io.jenkins.plugins.gitops.core.git.Credentials;
import io.jenkins.plugins.gitops.core.git.GitopsCommitter;
import io.jenkins.plugins.gitops.core.testing.GitCli;
import io.jenkins.plugins.gitops.core.testing.GitHttpBackendServlet;
import io.jenkins.plugins.gitops.core.testing.HttpGitServer;
import io.jenkins.plugins.gitops.core.testing.RecordingListener;
import io.jenkins.plugins.gitops.core.testing.TestRepos;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A change lands through a pull request on a GitHub simulator whose repository is served by C git's http-backend:
 * our branch holds one commit on the base's tip, one pull request per change however often it is retried, labels and
 * reviewers are set, and the host's refusals are named.
 */
public class PullRequestTest {
    private static final String TOKEN = "ghp_simulated_0123456789";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private HttpGitServer git;
    private GitHubSimulator github;
    private Path bare;
    private Path cache;

    @Before
    public void start() throws Exception {
        Path root = tmp.newFolder("repos").toPath();
        Path org = root.resolve("acme");
        java.nio.file.Files.createDirectories(org);
        bare = TestRepos.createBare(org, "shop-config.git", Map.of("apps/web/values.yaml", "image:\n  tag: 1.0.0\n"));
        // As on a host, the branches of pull requests are not protected: a lease-guarded move of ours is allowed.
        GitCli.run(bare, "config", "receive.denyNonFastForwards", "false");
        git = HttpGitServer.serve(new GitHttpBackendServlet(root), "bot", "pw");
        github = new GitHubSimulator("acme", "shop-config", TOKEN, bare);
        cache = tmp.newFolder("cache").toPath();
    }

    @After
    public void stop() throws Exception {
        github.close();
        git.close();
    }

    private CommitRequest request(String tag, String key) {
        return CommitRequest.builder(git.url("acme/shop-config.git")).branch("main").message("shop-web " + tag)
                .changes(new YamlValue("apps/web/values.yaml", "image.tag", tag, null)).idempotencyKey(key)
                .build(new BuildInfo("https://jenkins.example.com/job/shop/42/", "shop", "42"))
                .credentials(new Credentials.UsernamePassword("bot", "pw")).build();
    }

    private GitHubPulls host(String token) {
        return GitHubPulls.forRepository(git.url("acme/shop-config.git"), github.apiUrl(), token, Duration.ofSeconds(10));
    }

    private PullRequestCommitter.Result land(CommitRequest request, PullRequestSpec spec) {
        return new PullRequestCommitter(new GitopsCommitter(cache)).commit(request, spec, host(TOKEN), new RecordingListener());
    }

    private static PullRequestSpec spec(String title) {
        return new PullRequestSpec(title, "Deploys shop-web.", List.of("deploy"), List.of("platform-lead"), false, null);
    }

    @Test
    public void opensOnePullRequestFromABranchOfOursWithOneCommitOnTheBase() {
        String mainBefore = GitCli.run(bare, "rev-parse", "main").strip();
        PullRequestCommitter.Result r = land(request("1.1.0", "shop#42:aa11"), spec("shop-web 1.1.0"));

        PullRequest pr = r.pullRequest();
        assertTrue(pr.created());
        assertEquals("open", pr.state());
        assertEquals("main", pr.base());
        assertEquals("https://github.com/acme/shop-config/pull/" + pr.number(), pr.url());
        String branch = pr.branch();
        assertTrue(branch, branch.matches("gitops/shop-42-aa11-[0-9a-f]{8}"));
        assertEquals("main is untouched", mainBefore, GitCli.run(bare, "rev-parse", "main").strip());
        assertEquals(r.commit().commit(), GitCli.run(bare, "rev-parse", branch).strip());
        assertEquals(mainBefore, GitCli.run(bare, "rev-parse", branch + "^").strip());
        assertEquals("image:\n  tag: 1.1.0\n", TestRepos.show(bare, branch, "apps/web/values.yaml"));
        assertEquals(r.commit().commit(), pr.headSha());
        var simulated = github.pull(pr.number());
        assertEquals("shop-web 1.1.0", simulated.path("title").asText());
        assertTrue(simulated.path("body").asText(), simulated.path("body").asText().startsWith("Deploys shop-web.\n\n"
                + "Changed by GitOps Bridge in https://jenkins.example.com/job/shop/42/."));
        assertTrue(simulated.path("body").asText().contains("- `apps/web/values.yaml`"));
        assertEquals("deploy", simulated.path("labels").path(0).path("name").asText());
        assertEquals("platform-lead", simulated.path("requested_reviewers").path(0).path("login").asText());
    }

    @Test
    public void aRetriedStepFindsItsOwnPullRequest() {
        PullRequest first = land(request("1.2.0", "shop#43:bb22"), spec("shop-web 1.2.0")).pullRequest();
        PullRequestCommitter.Result again = land(request("1.2.0", "shop#43:bb22"), spec("shop-web 1.2.0"));

        assertEquals(first.number(), again.pullRequest().number());
        assertFalse(again.pullRequest().created());
        assertTrue(again.commit().alreadyPresent());
        assertEquals(1, github.count());
        assertEquals("one commit on our branch", "1",
                GitCli.run(bare, "rev-list", "--count", "main.." + first.branch()).strip());
    }

    @Test
    public void theHostsAlreadyExistsAnswerIsUnderstood() {
        PullRequest first = land(request("1.3.0", "shop#44:cc33"), spec("shop-web 1.3.0")).pullRequest();
        github.hideFromNextList();
        PullRequest again = land(request("1.3.0", "shop#44:cc33"), spec("shop-web 1.3.0")).pullRequest();

        assertEquals(first.number(), again.number());
        assertEquals(1, github.count());
        assertEquals("the second run asked to open it, and was told it exists", 2,
                github.requests().stream().filter(r -> r.equals("POST /repos/acme/shop-config/pulls")).count());
    }

    @Test
    public void aMergedPullRequestReportsTheMergeCommitTheHostMade() {
        PullRequest opened = land(request("1.4.0", "shop#45:dd44"), spec("shop-web 1.4.0")).pullRequest();
        String merge = github.merge(opened.number());

        PullRequest read = host(TOKEN).get(opened.number());
        assertEquals("merged", read.state());
        assertEquals(merge, read.mergeCommit());
        assertEquals(merge, GitCli.run(bare, "rev-parse", "main").strip());
        PullRequest again = land(request("1.4.0", "shop#45:dd44"), spec("shop-web 1.4.0")).pullRequest();
        assertEquals("merged", again.state());
        assertEquals(1, github.count());
    }

    @Test
    public void aRefusedTokenIsNamedWithoutShowingIt() {
        String mainBefore = GitCli.run(bare, "rev-parse", "main").strip();
        PullRequestException e = assertThrows(PullRequestException.class, () ->
                new PullRequestCommitter(new GitopsCommitter(cache)).commit(request("1.5.0", "shop#46:ee55"),
                        spec("shop-web 1.5.0"), host("ghp_wrong_token_987"), new RecordingListener()));
        assertEquals("GitHub at 127.0.0.1:" + java.net.URI.create(github.apiUrl()).getPort()
                + " (acme/shop-config) refused the token: 401 Bad credentials", e.getMessage());
        assertFalse(e.getMessage().contains("ghp_wrong_token_987"));
        assertEquals(mainBefore, GitCli.run(bare, "rev-parse", "main").strip());
    }

    @Test
    public void aDryRunPushesNothingAndOpensNothing() {
        CommitRequest dry = CommitRequest.builder(git.url("acme/shop-config.git")).branch("main").message("dry")
                .changes(new YamlValue("apps/web/values.yaml", "image.tag", "9.9.9", null)).idempotencyKey("shop#47:ff66")
                .credentials(new Credentials.UsernamePassword("bot", "pw")).dryRun(true).build();
        RecordingListener log = new RecordingListener();
        PullRequestCommitter.Result r = new PullRequestCommitter(new GitopsCommitter(cache)).commit(dry,
                spec("dry"), host(TOKEN), log);
        assertNull(r.pullRequest());
        assertTrue(r.commit().dryRun());
        assertEquals(0, github.count());
        assertEquals(1, GitCli.run(bare, "branch", "--list").lines().count());
        assertTrue(log.all(), log.all().contains("Dry run: would open a pull request from gitops/shop-47-ff66-"));
    }

    @Test
    public void whenTheBaseMovesOurBranchIsMadeAgainOnItsTip() {
        PullRequest first = land(request("2.0.0", "shop#48:aa77"), spec("shop-web 2.0.0")).pullRequest();
        String moved = TestRepos.pushChange(tmp.getRoot().toPath(), bare, "Someone else's change",
                Map.of("apps/api/values.yaml", "tag: 9\n"));

        PullRequestCommitter.Result again = land(request("2.0.0", "shop#48:aa77"), spec("shop-web 2.0.0"));

        assertEquals(first.number(), again.pullRequest().number());
        assertEquals(1, github.count());
        String tip = GitCli.run(bare, "rev-parse", first.branch()).strip();
        assertEquals(again.commit().commit(), tip);
        assertEquals("made again on the moved base, one commit", moved,
                GitCli.run(bare, "rev-parse", first.branch() + "^").strip());
        assertEquals("tag: 9\n", TestRepos.show(bare, first.branch(), "apps/api/values.yaml"));
        assertEquals("image:\n  tag: 2.0.0\n", TestRepos.show(bare, first.branch(), "apps/web/values.yaml"));
        assertTrue(again.commit().warnings().toString(), again.commit().warnings().get(0).startsWith("main moved since "));
        PullRequestCommitter.Result third = land(request("2.0.0", "shop#48:aa77"), spec("shop-web 2.0.0"));
        assertTrue("up to date: nothing pushed", third.commit().alreadyPresent());
        assertEquals(tip, GitCli.run(bare, "rev-parse", first.branch()).strip());
    }

    @Test
    public void aBranchOfOursThatSomeoneElsePushedToIsNotOverwritten() {
        PullRequest first = land(request("3.0.0", "shop#49:bb88"), spec("shop-web 3.0.0")).pullRequest();
        Path work = tmp.getRoot().toPath().resolve("other");
        GitCli.run(tmp.getRoot().toPath(), "clone", "-q", "--branch", first.branch(), bare.toString(), work.toString());
        GitCli.run(work, "-c", "user.name=Dev", "-c", "user.email=dev@example.com", "commit", "-q", "--allow-empty",
                "-m", "Manual fix on the bot's branch");
        GitCli.run(work, "push", "-q", "origin", "HEAD:" + first.branch());
        String theirs = GitCli.run(bare, "rev-parse", first.branch()).strip();
        TestRepos.pushChange(tmp.getRoot().toPath(), bare, "Base moves", Map.of("x.yaml", "x: 1\n"));

        io.jenkins.plugins.gitops.core.git.GitopsException e = assertThrows(
                io.jenkins.plugins.gitops.core.git.GitopsException.class,
                () -> land(request("3.0.0", "shop#49:bb88"), spec("shop-web 3.0.0")));

        assertTrue(e.getMessage(), e.getMessage().contains("has " + theirs.substring(0, 12)
                + " (Manual fix on the bot's branch) at its tip, which is not ours"));
        assertEquals(theirs, GitCli.run(bare, "rev-parse", first.branch()).strip());
    }

    @Test
    public void aPullRequestClosedWithoutMergingFailsTheRetryWithTheReason() {
        PullRequest first = land(request("4.0.0", "shop#50:cc99"), spec("shop-web 4.0.0")).pullRequest();
        github.close(first.number());
        PullRequestException e = assertThrows(PullRequestException.class,
                () -> land(request("4.0.0", "shop#50:cc99"), spec("shop-web 4.0.0")));
        assertTrue(e.getMessage(), e.getMessage().startsWith("Pull request #" + first.number() + " from "
                + first.branch() + " was closed without merging"));
    }

    @Test
    public void withoutAChangeIdARetryStillRecognisesItsOwnBranch() {
        PullRequest first = land(request("5.0.0", null), spec("shop-web 5.0.0")).pullRequest();
        TestRepos.pushChange(tmp.getRoot().toPath(), bare, "Base moves", Map.of("y.yaml", "y: 1\n"));
        PullRequestCommitter.Result again = land(request("5.0.0", null), spec("shop-web 5.0.0"));
        assertEquals(first.number(), again.pullRequest().number());
        assertEquals("made again on the moved base", GitCli.run(bare, "rev-parse", "main").strip(),
                GitCli.run(bare, "rev-parse", first.branch() + "^").strip());
    }
}
