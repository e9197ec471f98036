package io.jenkins.plugins.gitops.core.git;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.gitops.core.change.Manifest;
import io.jenkins.plugins.gitops.core.testing.GitCli;
import io.jenkins.plugins.gitops.core.testing.GitHttpBackendServlet;
import io.jenkins.plugins.gitops.core.testing.HttpGitServer;
import io.jenkins.plugins.gitops.core.testing.RecordingListener;
import io.jenkins.plugins.gitops.core.testing.TestRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;

/**
 * Committing to a branch that does not exist yet creates it, from the remote's default branch or a named one, and an
 * empty repository gets a first commit without a parent: on JGit's server and on C git's {@code http-backend}.
 */
@RunWith(Parameterized.class)
public class NewBranchCommitTest {
    @ClassRule
    public static org.junit.rules.TemporaryFolder tmp = new org.junit.rules.TemporaryFolder();

    private static Path root;
    private static HttpGitServer jgit;
    private static HttpGitServer cgit;
    private static int names;

    @Parameterized.Parameters(name = "{0}")
    public static List<Object[]> servers() {
        return List.of(new Object[] {"jgit"}, new Object[] {"cgit"});
    }

    @Parameterized.Parameter
    public String serverKind;

    @BeforeClass
    public static void startServers() throws Exception {
        root = tmp.newFolder("repos").toPath();
        jgit = HttpGitServer.start(root, "bot", "pw");
        cgit = HttpGitServer.serve(new GitHttpBackendServlet(root), "bot", "pw");
    }

    @AfterClass
    public static void stopServers() throws Exception {
        jgit.close();
        cgit.close();
    }

    private HttpGitServer server() {
        return serverKind.equals("jgit") ? jgit : cgit;
    }

    private static synchronized String newName() {
        return "n" + (++names) + ".git";
    }

    private CommitResult commit(String repo, String branch, String startFrom, RecordingListener log) throws Exception {
        CommitRequest request = CommitRequest.builder(server().url(repo)).branch(branch).startFrom(startFrom)
                .message("Preview shop").changes(new Manifest("apps/shop/preview.yaml", "replicas: 1\n"))
                .credentials(new Credentials.UsernamePassword("bot", "pw")).build();
        return new GitopsCommitter(tmp.newFolder().toPath(), d -> {}, Backoff.DEFAULT).commit(request, log);
    }

    private static String rev(Path bare, String what) {
        return GitCli.run(bare, "rev-parse", what).strip();
    }

    @Test
    public void aMissingBranchIsCreatedFromTheDefaultBranch() throws Exception {
        String repo = newName();
        Path bare = TestRepos.createBare(root, repo, Map.of("README.md", "x\n"));
        String main = rev(bare, "main");
        RecordingListener log = new RecordingListener();

        CommitResult result = commit(repo, "preview/pr-7", null, log);

        assertTrue(result.created());
        assertEquals(rev(bare, "preview/pr-7"), result.commit());
        assertEquals(main, rev(bare, "preview/pr-7^"));
        assertEquals("main is untouched", main, rev(bare, "main"));
        assertEquals("replicas: 1\n", TestRepos.show(bare, "preview/pr-7", "apps/shop/preview.yaml"));
        assertThat(log.all(), containsString("Branch preview/pr-7 does not exist on " + server().url(repo)
                + "; creating it from main at " + main.substring(0, 12)));
    }

    @Test
    public void aMissingBranchIsCreatedEvenWhenTheChangesAreAlreadyOnItsStart() throws Exception {
        String repo = newName();
        Path bare = TestRepos.createBare(root, repo, Map.of("apps/shop/preview.yaml", "replicas: 1\n"));
        String main = rev(bare, "main");
        RecordingListener log = new RecordingListener();

        CommitResult result = commit(repo, "preview/pr-8", null, log);

        assertEquals(main, result.commit());
        assertEquals(main, rev(bare, "preview/pr-8"));
        assertThat(log.all(), containsString("Created preview/pr-8 at " + main.substring(0, 12)));
    }

    @Test
    public void aMissingBranchIsCreatedFromTheNamedOne() throws Exception {
        String repo = newName();
        Path bare = TestRepos.createBare(root, repo, Map.of("README.md", "x\n"));
        TestRepos.pushChange(tmp.getRoot().toPath(), bare, "release", Map.of("release.txt", "1\n"));
        GitCli.run(bare, "branch", "release", "main");
        TestRepos.pushChange(tmp.getRoot().toPath(), bare, "main moves on", Map.of("later.txt", "2\n"));

        commit(repo, "hotfix", "release", new RecordingListener());

        assertEquals(rev(bare, "release"), rev(bare, "hotfix^"));
    }

    @Test
    public void aStartThatDoesNotExistIsNamedAndNothingIsPushed() throws Exception {
        String repo = newName();
        Path bare = TestRepos.createBare(root, repo, Map.of("README.md", "x\n"));

        GitopsException e = assertThrows(GitopsException.class,
                () -> commit(repo, "hotfix", "relase", new RecordingListener()));

        assertEquals("Branch hotfix does not exist on " + server().url(repo) + ", nor does relase to create it from",
                e.getMessage());
        assertEquals("main\n", GitCli.run(bare, "for-each-ref", "--format=%(refname:short)"));
    }

    @Test
    public void anEmptyRepositoryGetsAFirstCommitWithoutParent() throws Exception {
        String repo = newName();
        Path bare = Files.createDirectories(root.resolve(repo));
        GitCli.run(bare, "init", "-q", "--bare", "-b", "main");
        GitCli.run(bare, "config", "http.receivepack", "true");

        CommitResult result = commit(repo, "main", null, new RecordingListener());

        assertEquals(rev(bare, "main"), result.commit());
        assertEquals("1", GitCli.run(bare, "rev-list", "--count", "main").strip());
        assertEquals(0, GitCli.run(bare, "cat-file", "-p", "main").lines().filter(l -> l.startsWith("parent ")).count());
        assertEquals("replicas: 1\n", TestRepos.show(bare, "main", "apps/shop/preview.yaml"));
        GitCli.run(bare, "fsck", "--strict");
    }
}
