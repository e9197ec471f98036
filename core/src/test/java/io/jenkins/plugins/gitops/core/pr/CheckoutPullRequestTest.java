package io.jenkins.plugins.gitops.core.pr;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.gitops.core.change.Change;
import io.jenkins.plugins.gitops.core.git.Checkout;
import io.jenkins.plugins.gitops.core.git.CheckoutCommitter;
import io.jenkins.plugins.gitops.core.git.CheckoutRequest;
import io.jenkins.plugins.gitops.core.git.CommitRequest;
import io.jenkins.plugins.gitops.core.git.Credentials;
import io.jenkins.plugins.gitops.core.git.GitopsCommitter;
import io.jenkins.plugins.gitops.core.git.GitopsException;
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

/**
 * A checkout's edits (as {@code withGitopsRepo} leaves them) landed through a pull request: the edited, added and
 * removed files become the branch of ours, made again on a moved base with what others committed there, and refused
 * with the file named when someone else changed a file we changed; checked with the git CLI over C git.
 */
public class CheckoutPullRequestTest {
    private static final String TOKEN = "ghp_checkout_pr";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private HttpGitServer git;
    private GitHubSimulator github;
    private Path bare;
    private Path root;

    @Before
    public void start() throws Exception {
        root = tmp.newFolder("repos").toPath();
        Files.createDirectories(root.resolve("acme"));
        bare = TestRepos.createBare(root.resolve("acme"), "cfg.git", Map.of("apps/web/values.yaml", "tag: 1\n",
                "apps/web/old.yaml", "old: true\n", "apps/api/values.yaml", "tag: 7\n"));
        GitCli.run(bare, "config", "receive.denyNonFastForwards", "false");
        git = HttpGitServer.serve(new GitHttpBackendServlet(root), "bot", "pw");
        github = new GitHubSimulator("acme", "cfg", TOKEN, bare);
    }

    @After
    public void stop() throws Exception {
        github.close();
        git.close();
    }

    private List<Change> editInCheckout(String tag) throws Exception {
        CheckoutCommitter committer = new CheckoutCommitter();
        Path folder = tmp.getRoot().toPath().resolve("work-" + System.nanoTime());
        Checkout checkout = committer.checkout(new CheckoutRequest(git.url("acme/cfg.git"), "main", folder,
                new Credentials.UsernamePassword("bot", "pw"), null), new RecordingListener());
        Files.writeString(folder.resolve("apps/web/values.yaml"), "tag: " + tag + "\n");
        Files.writeString(folder.resolve("apps/web/new.yaml"), "kind: ConfigMap\n");
        Files.delete(folder.resolve("apps/web/old.yaml"));
        return committer.changesSince(folder, checkout.commit(), git.url("acme/cfg.git"));
    }

    private PullRequestCommitter.Result land(List<Change> changes) {
        CommitRequest request = CommitRequest.builder(git.url("acme/cfg.git")).branch("main").message("web from a tool")
                .changes(changes).idempotencyKey("deploy#41")
                .credentials(new Credentials.UsernamePassword("bot", "pw")).build();
        return new PullRequestCommitter(new GitopsCommitter(tmp.getRoot().toPath().resolve("cache"))).commit(request,
                new PullRequestSpec("web from a tool", "", List.of(), List.of(), false, null),
                GitHubPulls.forRepository(git.url("acme/cfg.git"), github.apiUrl(), TOKEN, Duration.ofSeconds(10)),
                new RecordingListener());
    }

    private String show(String rev, String file) {
        return GitCli.run(bare, "show", rev + ":" + file);
    }

    @Test
    public void theCheckoutsEditsBecomeOurBranchAndAreMadeAgainOnAMovedBase() throws Exception {
        List<Change> changes = editInCheckout("2");
        assertEquals(3, changes.size());
        PullRequest pr = land(changes).pullRequest();
        assertEquals("tag: 2\n", show(pr.branch(), "apps/web/values.yaml"));
        assertEquals("kind: ConfigMap\n", show(pr.branch(), "apps/web/new.yaml"));
        assertEquals(128, GitCli.tryRun(bare, "cat-file", "-e", pr.branch() + ":apps/web/old.yaml").exit());
        assertEquals("main", GitCli.run(bare, "rev-parse", "--abbrev-ref", "main").strip());
        assertEquals("main is untouched", "tag: 1\n", show("main", "apps/web/values.yaml"));

        TestRepos.pushChange(tmp.getRoot().toPath(), bare, "api 8", Map.of("apps/api/values.yaml", "tag: 8\n"));
        PullRequest again = land(changes).pullRequest();
        assertEquals(pr.number(), again.number());
        String branchTip = GitCli.run(bare, "rev-parse", again.branch()).strip();
        assertEquals("made again on the new tip", GitCli.run(bare, "rev-parse", "main").strip(),
                GitCli.run(bare, "rev-parse", branchTip + "^").strip());
        assertEquals("theirs kept", "tag: 8\n", show(again.branch(), "apps/api/values.yaml"));
        assertEquals("ours still there", "tag: 2\n", show(again.branch(), "apps/web/values.yaml"));
        try (var caches = Files.list(tmp.getRoot().toPath().resolve("cache"))) {
            assertEquals("a branch of one change keeps no cache of its own", List.of(),
                    caches.filter(p -> p.getFileName().toString().endsWith(".git")).toList());
        }
    }

    @Test
    public void aFileSomeoneElseChangedSinceTheCheckoutIsNotOverwritten() throws Exception {
        List<Change> changes = editInCheckout("3");
        TestRepos.pushChange(tmp.getRoot().toPath(), bare, "web 9 by hand", Map.of("apps/web/values.yaml", "tag: 9\n"));
        int branchesBefore = GitCli.run(bare, "branch", "--list").lines().toList().size();

        GitopsException refused = assertThrows(GitopsException.class, () -> land(changes));
        assertTrue(refused.getMessage(), refused.getMessage().contains("apps/web/values.yaml"));
        assertTrue(refused.getMessage(), refused.getMessage().contains("changed on the branch since it was checked out"));
        assertEquals("nothing pushed", branchesBefore, GitCli.run(bare, "branch", "--list").lines().toList().size());
        assertEquals(0, github.count());
    }
}
