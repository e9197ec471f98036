package io.jenkins.plugins.gitops.core.git;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.gitops.core.testing.GitCli;
import io.jenkins.plugins.gitops.core.testing.HttpGitServer;
import io.jenkins.plugins.gitops.core.testing.TestRepos;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class BranchMirrorTest {
    @ClassRule
    public static TemporaryFolder tmp = new TemporaryFolder();

    private static final String USER = "alice";
    private static final String PASSWORD = "mirror-pa55-QRS";
    private static final Credentials GOOD = new Credentials.UsernamePassword(USER, PASSWORD);
    private static HttpGitServer server;
    private static Path root;

    @BeforeClass
    public static void startServer() throws Exception {
        root = tmp.newFolder("repos").toPath();
        server = HttpGitServer.start(root, USER, PASSWORD);
    }

    @AfterClass
    public static void stopServer() throws Exception {
        server.close();
    }

    @Test
    public void fetchFollowsTheBranchIncludingAReset() throws Exception {
        Path bare = TestRepos.createBare(root, "follow.git", Map.of("a.yaml", "a: 1\n"));
        String first = GitCli.run(bare, "rev-parse", "main").strip();
        try (BranchMirror mirror = BranchMirror.open(tmp.newFolder().toPath().resolve("m.git"), server.url("follow.git"),
                "main", TransportOptions.DEFAULT)) {
            assertEquals("empty before the first fetch", null, mirror.repository().resolve(mirror.trackingRef()));
            mirror.fetch(GOOD);
            assertEquals(first, mirror.repository().resolve(mirror.trackingRef()).name());

            String second = TestRepos.pushChange(root, bare, "second", Map.of("a.yaml", "a: 2\n"));
            mirror.fetch(GOOD);
            assertEquals(second, mirror.repository().resolve(mirror.trackingRef()).name());

            GitCli.run(bare, "update-ref", "refs/heads/main", first);
            mirror.fetch(GOOD);
            assertEquals("a reset branch is seen as reset", first, mirror.repository().resolve(mirror.trackingRef()).name());
        }
    }

    @Test
    public void reopeningKeepsWhatWasFetched() throws Exception {
        Path bare = TestRepos.createBare(root, "reopen.git", Map.of("a.yaml", "a: 1\n"));
        String head = GitCli.run(bare, "rev-parse", "main").strip();
        Path dir = tmp.newFolder().toPath().resolve("m.git");
        try (BranchMirror mirror = BranchMirror.open(dir, server.url("reopen.git"), "main", TransportOptions.DEFAULT)) {
            mirror.fetch(GOOD);
        }
        try (BranchMirror mirror = BranchMirror.open(dir, server.url("reopen.git"), "main", TransportOptions.DEFAULT)) {
            assertEquals(head, mirror.repository().resolve(mirror.trackingRef()).name());
        }
    }

    @Test
    public void refusedCredentialsFailWithoutShowingThem() throws Exception {
        TestRepos.createBare(root, "refused.git", Map.of("a.yaml", "a: 1\n"));
        try (BranchMirror mirror = BranchMirror.open(tmp.newFolder().toPath().resolve("m.git"), server.url("refused.git"),
                "main", TransportOptions.DEFAULT)) {
            IOException e = assertThrows(IOException.class,
                    () -> mirror.fetch(new Credentials.UsernamePassword(USER, "wrong-" + PASSWORD)));
            assertTrue(e.getMessage(), e.getMessage().startsWith("Fetch of main from " + server.url("refused.git")));
            assertFalse(e.getMessage(), e.getMessage().contains(PASSWORD));
        }
    }

    @Test
    public void localUrlsAndBadBranchNamesAreRefused() throws Exception {
        Path dir = tmp.newFolder().toPath().resolve("m.git");
        assertThrows(GitopsException.class, () -> BranchMirror.open(dir, "/srv/git/config.git", "main", TransportOptions.DEFAULT));
        assertThrows(GitopsException.class,
                () -> BranchMirror.open(dir, server.url("x.git"), "bad..name", TransportOptions.DEFAULT));
    }

    @Test
    public void theDefaultBranchIsWhatTheRemoteHeadNamesAndLocalUrlsAreNotListed() throws Exception {
        Path bare = TestRepos.createBare(root, "default.git", Map.of("a.yaml", "a: 1\n"));
        GitCli.run(bare, "branch", "production", "main");
        GitCli.run(bare, "symbolic-ref", "HEAD", "refs/heads/production");

        assertEquals("production", BranchMirror.remoteDefaultBranch(server.url("default.git"), GOOD, TransportOptions.DEFAULT));
        GitopsException refused = assertThrows(GitopsException.class,
                () -> BranchMirror.remoteDefaultBranch(bare.toString(), Credentials.NONE, TransportOptions.DEFAULT));
        assertTrue(refused.getMessage(), refused.getMessage().startsWith("Refusing local repository"));
    }
}
