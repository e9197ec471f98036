package io.jenkins.plugins.gitops.core.git;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.gitops.core.change.Change;
import io.jenkins.plugins.gitops.core.change.CopyManifests;
import io.jenkins.plugins.gitops.core.change.Manifest;
import io.jenkins.plugins.gitops.core.change.RemoveFile;
import io.jenkins.plugins.gitops.core.change.YamlValue;
import io.jenkins.plugins.gitops.core.testing.GitCli;
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

/** Bad paths and local URLs, against a local repository (allowed only through the system property). */
public class PathSafetyTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path bare;
    private String head;

    @Before
    public void repoWithSymlink() throws Exception {
        System.setProperty(Urls.ALLOW_FILE_URLS, "true");
        Path root = tmp.getRoot().toPath();
        bare = TestRepos.createBare(root, "links.git", Map.of("apps/a.yaml", "a\n"));
        Path work = tmp.newFolder("work").toPath();
        GitCli.run(work, "clone", "-q", bare.toUri().toString(), ".");
        Files.createSymbolicLink(work.resolve("escape"), Path.of("../../outside"));
        Files.createSymbolicLink(work.resolve("apps/link.yaml"), Path.of("a.yaml"));
        GitCli.run(work, "add", "-A");
        GitCli.run(work, "commit", "-q", "-m", "links");
        GitCli.run(work, "push", "-q", "origin", "main");
        head = GitCli.run(bare, "rev-parse", "main").strip();
    }

    @After
    public void clearProperty() {
        System.clearProperty(Urls.ALLOW_FILE_URLS);
    }

    private GitopsException refused(Change change) throws Exception {
        Path cache = tmp.newFolder().toPath();
        GitopsException e = assertThrows(GitopsException.class, () -> new GitopsCommitter(cache).commit(
                CommitRequest.builder(bare.toUri().toString()).branch("main").changes(new Manifest("ok.yaml", "ok\n"), change)
                        .build(), new RecordingListener()));
        assertEquals(head, GitCli.run(bare, "rev-parse", "main").strip());
        HttpCommitTest.assertCacheClean(cache);
        return e;
    }

    @Test
    public void everyUnsafePathIsRefusedAndNothingIsPushed() throws Exception {
        Map<String, String> reasons = Map.of(
                "/etc/passwd", "absolute paths are not allowed",
                "../x.yaml", "'..' would leave the repository",
                "apps/../../x.yaml", "'..' would leave the repository",
                ".git/config", "files under .git cannot be changed",
                "apps/.GIT/hooks/post-update", "files under .git cannot be changed",
                "apps\\a.yaml", "backslashes are not allowed",
                "escape/passwd", "escape is a symbolic link",
                "apps/link.yaml", "it is a symbolic link",
                "apps/a.yaml/x", "apps/a.yaml is a file, not a folder");
        for (Map.Entry<String, String> bad : reasons.entrySet()) {
            GitopsException e = refused(new Manifest(bad.getKey(), "x\n"));
            assertTrue(bad.getKey() + " -> " + e.getMessage(), e.getMessage().startsWith(bad.getKey() + ": "));
            assertTrue(bad.getKey() + " -> " + e.getMessage(), e.getMessage().contains(bad.getValue()));
        }
    }

    @Test
    public void removeAndCopyCheckPathsToo() throws Exception {
        assertTrue(refused(new RemoveFile("escape/x")).getMessage().contains("symbolic link"));
        assertTrue(refused(new RemoveFile("apps/link.yaml")).getMessage().contains("symbolic link"));
        Path from = tmp.newFolder("manifests").toPath();
        Files.writeString(from.resolve("d.yaml"), "d\n");
        assertTrue(refused(new CopyManifests(from, "escape")).getMessage().contains("symbolic link"));
        assertTrue(refused(new CopyManifests(from, "../up")).getMessage().contains("'..'"));
    }

    @Test
    public void yamlValueOnMissingFileNamesFileAndPath() throws Exception {
        GitopsException e = refused(new YamlValue("apps/none.yaml", "image.tag", "1", null));
        assertEquals("apps/none.yaml: image.tag: no such file in the repository", e.getMessage());
    }

    @Test
    public void copyManifestsMirrorsAFolder() throws Exception {
        Path from = tmp.newFolder("rendered").toPath();
        Files.createDirectories(from.resolve("sub"));
        Files.writeString(from.resolve("one.yaml"), "1\n");
        Files.writeString(from.resolve("sub/two.yaml"), "2\n");
        GitopsCommitter committer = new GitopsCommitter(tmp.newFolder().toPath());
        CommitRequest.Builder req = CommitRequest.builder(bare.toUri().toString()).branch("main")
                .changes(new CopyManifests(from, "deploy"));
        assertEquals(List.of("deploy/one.yaml", "deploy/sub/two.yaml"), committer.commit(req.build(), TransactionListener.NONE).files());
        Files.delete(from.resolve("sub/two.yaml"));
        Files.writeString(from.resolve("one.yaml"), "1.1\n");
        assertEquals(List.of("deploy/one.yaml", "deploy/sub/two.yaml"), committer.commit(req.build(), TransactionListener.NONE).files());
        assertEquals("apps/a.yaml\napps/link.yaml\ndeploy/one.yaml\nescape\n", GitCli.run(bare, "ls-tree", "-r", "--name-only", "main"));
        assertEquals("1.1\n", TestRepos.show(bare, "main", "deploy/one.yaml"));
        head = GitCli.run(bare, "rev-parse", "main").strip();
        assertTrue("a mirror that would delete a symbolic link is refused",
                refused(new CopyManifests(from, "apps")).getMessage().contains("apps/link.yaml: unsafe path"));
    }

    @Test
    public void localUrlsAreRefusedWithoutTheProperty() {
        System.clearProperty(Urls.ALLOW_FILE_URLS);
        for (String url : List.of(bare.toUri().toString(), bare.toString(), "file:///srv/x.git", "relative/repo.git")) {
            GitopsException e = assertThrows(GitopsException.class, () -> new GitopsCommitter(tmp.getRoot().toPath())
                    .commit(CommitRequest.builder(url).branch("main").changes(new Manifest("x", "x")).build(),
                            TransactionListener.NONE));
            assertTrue(e.getMessage(), e.getMessage().startsWith("Refusing local repository"));
        }
    }
}
