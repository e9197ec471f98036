package io.jenkins.plugins.gitops.core.git;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.gitops.core.change.Manifest;
import io.jenkins.plugins.gitops.core.testing.GitCli;
import io.jenkins.plugins.gitops.core.testing.RecordingListener;
import io.jenkins.plugins.gitops.core.testing.SshGitServer;
import io.jenkins.plugins.gitops.core.testing.TestRepos;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * C git over SSH whose answer stops in the middle while the connection stays open: the commit ends by its deadline,
 * not by the network timeout (which a server that hangs between two reads never lets fire before it), names the
 * phase, and pushes nothing.
 */
public class StalledSshServerTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private void assertLeftAtTheDeadline(String stalled, String phase) throws Exception {
        Path root = tmp.newFolder("repos").toPath();
        Path bare = TestRepos.createBare(root, "config.git", Map.of("README.md", "x\n", "apps/web.yaml", "replicas: 1\n"));
        String before = GitCli.run(bare, "rev-parse", "main").strip();
        try (SshGitServer server = SshGitServer.startCGitStallingAfter(root, stalled, 100)) {
            CommitRequest request = CommitRequest.builder(server.url("config.git")).branch("main").message("Deploy")
                    .changes(new Manifest("apps/web.yaml", "replicas: 2\n")).maxDuration(Duration.ofSeconds(3))
                    .credentials(new Credentials.SshKey("git", server.clientPrivateKey(), null))
                    .transport(TransportOptions.sshHosts(server.knownHostsLine(), false)
                            .withTimeout(Duration.ofSeconds(60)))
                    .build();
            long started = System.nanoTime();

            GitopsException e = assertThrows(GitopsException.class, () ->
                    new GitopsCommitter(tmp.newFolder().toPath(), d -> {}, Backoff.DEFAULT).commit(request,
                            new RecordingListener()));

            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue("took " + took + ": " + e.getMessage(), took.compareTo(Duration.ofSeconds(15)) < 0);
            assertTrue(e.getMessage(), e.getMessage().startsWith("Gave up on " + server.url("config.git").replace("git@", "")
                    + " main after 3 s: the " + phase + " did not finish by the commit's deadline"));
        }
        assertEquals(before, GitCli.run(bare, "rev-parse", "main").strip());
    }

    @Test
    public void aFetchThatStallsIsLeftAtTheDeadline() throws Exception {
        assertLeftAtTheDeadline("git-upload-pack", "fetch");
    }

    @Test
    public void aPushThatStallsIsLeftAtTheDeadline() throws Exception {
        assertLeftAtTheDeadline("git-receive-pack", "push");
    }
}
