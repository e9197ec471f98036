package io.jenkins.plugins.gitops.core.revert;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.gitops.core.change.Change;
import io.jenkins.plugins.gitops.core.change.CopyManifests;
import io.jenkins.plugins.gitops.core.change.KustomizeImage;
import io.jenkins.plugins.gitops.core.change.Manifest;
import io.jenkins.plugins.gitops.core.change.RemoveFile;
import io.jenkins.plugins.gitops.core.change.Replaced;
import io.jenkins.plugins.gitops.core.change.YamlValue;
import io.jenkins.plugins.gitops.core.git.CommitRequest;
import io.jenkins.plugins.gitops.core.git.CommitResult;
import io.jenkins.plugins.gitops.core.git.Credentials;
import io.jenkins.plugins.gitops.core.git.GitopsCommitter;
import io.jenkins.plugins.gitops.core.git.GitopsException;
import io.jenkins.plugins.gitops.core.git.TransactionListener;
import io.jenkins.plugins.gitops.core.testing.GitCli;
import io.jenkins.plugins.gitops.core.testing.GitHttpBackendServlet;
import io.jenkins.plugins.gitops.core.testing.HttpGitServer;
import io.jenkins.plugins.gitops.core.testing.RecordingListener;
import io.jenkins.plugins.gitops.core.testing.TestRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Reverts through C git's http-backend, checked with the git CLI and byte-exact files: others' commits on top are
 * kept, a value someone changed since is reported and left, whole files (written, removed, mirrored) come back, a
 * second revert finds the first, a rejected push is answered by reverting again on the new tip, and a commit the
 * branch no longer has changes nothing.
 */
public class RevertTest {
    private static final String VALUES = "# shop\nweb:\n  image:\n    tag: \"1.0\"  # pinned\n  replicas: 2\n";
    private static final String KUSTOMIZATION = "images:\n- name: registry.example.com/shop/web\n  newTag: \"41\"\n";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private HttpGitServer git;
    private Path bare;
    private Path cache;

    @Before
    public void start() throws Exception {
        Path root = tmp.newFolder("repos").toPath();
        bare = TestRepos.createBare(root, "cfg.git", Map.of("apps/shop/values.yaml", VALUES,
                "apps/shop/kustomization.yaml", KUSTOMIZATION, "apps/shop/rendered/old.yaml", "kind: Old\n",
                "apps/shop/legacy.yaml", "kind: Legacy\n", "README.md", "config\n"));
        git = HttpGitServer.serve(new GitHttpBackendServlet(root), "bot", "pw");
        cache = tmp.newFolder("cache").toPath();
    }

    @After
    public void stop() throws Exception {
        git.close();
    }

    private CommitRequest.Builder request() {
        return CommitRequest.builder(git.url("cfg.git")).branch("main")
                .credentials(new Credentials.UsernamePassword("bot", "pw"));
    }

    private CommitResult commit(String message, Change... changes) {
        return new GitopsCommitter(cache).commit(request().message(message).changes(changes).build(),
                new RecordingListener());
    }

    private RevertResult revert(String sha, boolean allowPartial, TransactionListener log) {
        return new Reverter(cache).revert(new RevertRequest(request().build(), sha, null, allowPartial, null), log);
    }

    private String head() {
        return GitCli.run(bare, "rev-parse", "main").strip();
    }

    private String file(String path) {
        return TestRepos.show(bare, "main", path);
    }

    @Test
    public void ourCommitRecordsWhatItReplacedInItsTrailersAndResult() {
        CommitResult ours = commit("deploy 1.10", new YamlValue("apps/shop/values.yaml", "web.image.tag", "1.10", null),
                new KustomizeImage("apps/shop/kustomization.yaml", "registry.example.com/shop/web", null, "42", null));
        assertEquals(List.of(
                new Replaced("apps/shop/values.yaml", "web.image.tag", Map.of(), "1.0", "1.10"),
                new Replaced("apps/shop/kustomization.yaml", "images[name=registry.example.com/shop/web].newTag",
                        Map.of(), "41", "42")), ours.replaced());
        String message = GitCli.run(bare, "log", "-1", "--format=%B", "main");
        assertTrue(message, message.contains("\nGitops-Replaced: {\"file\":\"apps/shop/values.yaml\",\"path\":"
                + "\"web.image.tag\",\"was\":\"1.0\",\"now\":\"1.10\"}\n"));
        assertEquals("git reads them as trailers", 2, GitCli.run(bare, "log", "-1",
                "--format=%(trailers:key=Gitops-Replaced,valueonly)", "main").strip().lines().count());
        assertEquals(ours.replaced(), Replaced.fromMessage(message));
    }

    @Test
    public void theRevertUndoesOursAndKeepsWhatOthersCommittedOnTop() throws Exception {
        String base = head();
        CommitResult ours = commit("deploy 1.10", new YamlValue("apps/shop/values.yaml", "web.image.tag", "1.10", null),
                new Manifest("apps/shop/extra.yaml", "kind: ConfigMap\n"), new RemoveFile("apps/shop/legacy.yaml"));
        String theirs = TestRepos.pushChange(tmp.getRoot().toPath(), bare, "scale up", Map.of(
                "apps/shop/values.yaml", VALUES.replace("\"1.0\"", "\"1.10\"").replace("replicas: 2", "replicas: 5"), "team.yaml", "owner: web\n"));

        RevertResult r = revert(ours.commit(), false, new RecordingListener());

        assertTrue(r.created());
        assertFalse(r.partial());
        assertEquals(head(), r.commit().commit());
        assertEquals(theirs, GitCli.run(bare, "rev-parse", "main^").strip());
        assertEquals("our tag is back, their replicas stay", VALUES.replace("replicas: 2", "replicas: 5"),
                file("apps/shop/values.yaml"));
        assertEquals("kind: Legacy\n", file("apps/shop/legacy.yaml"));
        assertEquals("owner: web\n", file("team.yaml"));
        assertEquals("", GitCli.run(bare, "ls-tree", "main", "apps/shop/extra.yaml").strip());
        assertEquals("in the tree's order: whole files, and the value in the file they changed too",
                List.of("apps/shop/extra.yaml", "apps/shop/legacy.yaml", "apps/shop/values.yaml web.image.tag"),
                r.restored());
        String message = GitCli.run(bare, "log", "-1", "--format=%B", "main");
        assertTrue(message, message.startsWith("Revert \"deploy 1.10\"\n"));
        assertEquals(ours.commit(), GitCli.run(bare, "log", "-1", "--format=%(trailers:key=Reverts,valueonly)", "main").strip());
        assertEquals("the tree is the base's, with their changes", "", GitCli.run(bare, "diff", base, "main", "--stat",
                "--", "apps/shop/extra.yaml", "apps/shop/legacy.yaml").strip());
        GitCli.run(bare, "fsck", "--strict");
    }

    @Test
    public void aValueSomeoneChangedSinceIsReportedAndLeftOrNothingIsRevertedAtAll() throws Exception {
        CommitResult ours = commit("deploy 1.10", new YamlValue("apps/shop/values.yaml", "web.image.tag", "1.10", null),
                new Manifest("apps/shop/extra.yaml", "kind: ConfigMap\n"));
        TestRepos.pushChange(tmp.getRoot().toPath(), bare, "hotfix", Map.of("apps/shop/values.yaml",
                VALUES.replace("\"1.0\"", "\"1.11\"")));
        String before = head();

        GitopsException refused = assertThrows(GitopsException.class, () -> revert(ours.commit(), false,
                new RecordingListener()));
        assertTrue(refused.getMessage(), refused.getMessage().contains("apps/shop/values.yaml web.image.tag: is \"1.11\""
                + " now; the commit wrote \"1.10\", so someone changed it since"));
        assertTrue(refused.getMessage(), refused.getMessage().contains("Nothing was reverted"));
        assertEquals("nothing pushed", before, head());

        RecordingListener log = new RecordingListener();
        RevertResult partial = revert(ours.commit(), true, log);
        assertTrue(partial.partial());
        assertEquals(List.of(new io.jenkins.plugins.gitops.core.change.Undo.Kept("apps/shop/values.yaml",
                "web.image.tag", "is \"1.11\" now; the commit wrote \"1.10\", so someone changed it since")), partial.kept());
        assertEquals(List.of("apps/shop/extra.yaml"), partial.restored());
        assertEquals("their hotfix stays", VALUES.replace("\"1.0\"", "\"1.11\""), file("apps/shop/values.yaml"));
        assertEquals("", GitCli.run(bare, "ls-tree", "main", "apps/shop/extra.yaml").strip());
        assertTrue(log.all(), log.all().contains("Not reverted: apps/shop/values.yaml web.image.tag"));
    }

    @Test
    public void copiedManifestsComeBackAsTheyWereAndASecondRevertFindsTheFirst() throws Exception {
        Path rendered = tmp.newFolder("rendered").toPath();
        Files.writeString(rendered.resolve("a.yaml"), "kind: A\n");
        Files.writeString(rendered.resolve("b.yaml"), "kind: B\n");
        CommitResult ours = commit("render", new CopyManifests(rendered, "apps/shop/rendered"));
        assertEquals(List.of("apps/shop/rendered/a.yaml", "apps/shop/rendered/b.yaml", "apps/shop/rendered/old.yaml"),
                ours.files());

        RevertResult first = revert(ours.commit(), false, new RecordingListener());
        assertEquals("kind: Old\n", file("apps/shop/rendered/old.yaml"));
        assertEquals("apps/shop/rendered/old.yaml\n", GitCli.run(bare, "ls-tree", "-r", "--name-only", "main",
                "apps/shop/rendered/"));
        String after = head();

        RevertResult second = revert(ours.commit(), false, new RecordingListener());
        assertFalse(second.created());
        assertEquals(first.commit().commit(), second.revertedBy());
        assertEquals("nothing pushed the second time", after, head());

        RevertResult byChangeId = new Reverter(cache).revert(new RevertRequest(request().build(), null,
                "revert-" + ours.commit(), false, null), new RecordingListener());
        assertNull("a revert of the revert is a revert like any other", byChangeId.revertedBy());
        assertEquals("kind: A\n", file("apps/shop/rendered/a.yaml"));
    }

    @Test
    public void aRevertRecordsTheValuesItSetBackSoThatItsOwnRevertKeepsOthersChangesToo() throws Exception {
        CommitResult ours = commit("deploy 1.10", new YamlValue("apps/shop/values.yaml", "web.image.tag", "1.10", null));
        RevertResult undone = revert(ours.commit(), false, new RecordingListener());
        assertEquals(List.of(new Replaced("apps/shop/values.yaml", "web.image.tag", Map.of(), "1.10", "1.0")),
                Replaced.fromMessage(GitCli.run(bare, "log", "-1", "--format=%B", undone.commit().commit())));
        TestRepos.pushChange(tmp.getRoot().toPath(), bare, "scale", Map.of("apps/shop/values.yaml",
                VALUES.replace("replicas: 2", "replicas: 3")));

        RevertResult redone = revert(undone.commit().commit(), false, new RecordingListener());

        assertEquals(List.of("apps/shop/values.yaml web.image.tag"), redone.restored());
        assertEquals(VALUES.replace("\"1.0\"", "\"1.10\"").replace("replicas: 2", "replicas: 3"),
                file("apps/shop/values.yaml"));
    }

    @Test
    public void aCommitWhoseRevertWasRevertedIsRevertedAgain() throws Exception {
        CommitResult ours = commit("deploy 1.10", new YamlValue("apps/shop/values.yaml", "web.image.tag", "1.10", null));
        RevertResult first = revert(ours.commit(), false, new RecordingListener());
        revert(first.commit().commit(), false, new RecordingListener());
        assertEquals("1.10 is live again", VALUES.replace("\"1.0\"", "\"1.10\""), file("apps/shop/values.yaml"));

        RevertResult again = revert(ours.commit(), false, new RecordingListener());

        assertNull("the first revert is no longer in effect", again.revertedBy());
        assertTrue(again.created());
        assertEquals(VALUES, file("apps/shop/values.yaml"));
        assertTrue(GitCli.run(bare, "log", "-1", "--format=%B", "main").contains("Gitops-Change-Id: revert-"
                + ours.commit() + "-2\n"));
        RevertResult once = revert(ours.commit(), false, new RecordingListener());
        assertEquals("and now it is", again.commit().commit(), once.revertedBy());
    }

    @Test
    public void aValueTheCommitAddedToAFileSomeoneChangedSinceIsNamedAsTheReason() throws Exception {
        CommitResult ours = commit("pull policy", new YamlValue("apps/shop/values.yaml", "web.image.pullPolicy", "Always",
                null));
        TestRepos.pushChange(tmp.getRoot().toPath(), bare, "scale", Map.of("apps/shop/values.yaml",
                file("apps/shop/values.yaml").replace("replicas: 2", "replicas: 3")));

        GitopsException e = assertThrows(GitopsException.class, () -> revert(ours.commit(), false, new RecordingListener()));

        assertTrue(e.getMessage(), e.getMessage().contains("apps/shop/values.yaml: changed since; the commit added"
                + " web.image.pullPolicy, which a revert does not take out of a file someone else changed"));
        assertTrue(e.getMessage(), e.getMessage().endsWith("Nothing was reverted; nothing else of it is left to restore"));
    }

    @Test
    public void aCommitIsNamedByItsShaAndNothingElse() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RevertRequest(request().build(), "main~1", null, false, null));
        assertEquals("The commit to revert must be a commit SHA (7 to 40 hex digits), not 'main~1'", e.getMessage());
    }

    @Test
    public void aCheckoutsCommitRecordsTheValuesItChangedSoItsRevertKeepsOthersChangesInTheSameFile() throws Exception {
        Path folder = tmp.newFolder("checkout").toPath().resolve("cfg");
        io.jenkins.plugins.gitops.core.git.Checkout checkout = new io.jenkins.plugins.gitops.core.git.CheckoutCommitter()
                .checkout(new io.jenkins.plugins.gitops.core.git.CheckoutRequest(git.url("cfg.git"), "main", folder,
                        new Credentials.UsernamePassword("bot", "pw"), null), new RecordingListener());
        Files.writeString(folder.resolve("apps/shop/values.yaml"), VALUES.replace("\"1.0\"", "\"1.10\""));
        CommitResult ours = new io.jenkins.plugins.gitops.core.git.CheckoutCommitter().commitChanges(folder,
                checkout.commit(), request().message("edited by a tool").build(), new RecordingListener());
        assertEquals(List.of(new Replaced("apps/shop/values.yaml", "web.image.tag", Map.of(), "1.0", "1.10")),
                Replaced.fromMessage(GitCli.run(bare, "log", "-1", "--format=%B", ours.commit())));
        TestRepos.pushChange(tmp.getRoot().toPath(), bare, "scale", Map.of("apps/shop/values.yaml",
                VALUES.replace("\"1.0\"", "\"1.10\"").replace("replicas: 2", "replicas: 4")));

        RevertResult r = revert(ours.commit(), false, new RecordingListener());

        assertEquals(List.of("apps/shop/values.yaml web.image.tag"), r.restored());
        assertEquals(VALUES.replace("replicas: 2", "replicas: 4"), file("apps/shop/values.yaml"));
    }

    @Test
    public void aRejectedPushDuringTheRevertIsAnsweredByRevertingAgainOnTheNewTip() throws Exception {
        CommitResult ours = commit("deploy 1.10", new YamlValue("apps/shop/values.yaml", "web.image.tag", "1.10", null));
        String[] theirs = new String[1];
        RecordingListener log = new RecordingListener() {
            @Override
            public void beforePush(int attempt, String commit) {
                if (attempt == 1) {
                    theirs[0] = TestRepos.pushChange(tmp.getRoot().toPath(), bare, "docs", Map.of("README.md", "more\n"));
                }
            }
        };
        RevertResult r = revert(ours.commit(), false, log);
        assertEquals(2, r.commit().attempts());
        assertEquals(theirs[0], GitCli.run(bare, "rev-parse", "main^").strip());
        assertEquals(VALUES, file("apps/shop/values.yaml"));
        assertEquals("more\n", file("README.md"));
    }

    @Test
    public void aCommitTheBranchNoLongerHasChangesNothing() throws Exception {
        CommitResult ours = commit("deploy 1.10", new YamlValue("apps/shop/values.yaml", "web.image.tag", "1.10", null));
        GitCli.run(bare, "update-ref", "refs/heads/main", ours.commit() + "^");
        String before = head();
        GitopsException e = assertThrows(GitopsException.class, () -> revert(ours.commit(), false, new RecordingListener()));
        assertEquals("Commit " + ours.commit() + " is not on main of " + git.url("cfg.git") + ": the branch no longer"
                + " contains it (its history was rewritten) or it never landed there; nothing was reverted", e.getMessage());
        assertEquals(before, head());
        GitopsException unknown = assertThrows(GitopsException.class, () -> new Reverter(cache).revert(
                new RevertRequest(request().build(), null, "no-such-change", false, null), new RecordingListener()));
        assertTrue(unknown.getMessage(), unknown.getMessage().startsWith("No commit with Gitops-Change-Id no-such-change"));
    }
}
