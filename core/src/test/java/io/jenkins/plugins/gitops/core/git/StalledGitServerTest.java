package io.jenkins.plugins.gitops.core.git;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.gitops.core.change.Manifest;
import io.jenkins.plugins.gitops.core.net.HttpProxy;
import io.jenkins.plugins.gitops.core.testing.GitCli;
import io.jenkins.plugins.gitops.core.testing.GitHttpBackendServlet;
import io.jenkins.plugins.gitops.core.testing.HttpGitServer;
import io.jenkins.plugins.gitops.core.testing.HttpProxyServer;
import io.jenkins.plugins.gitops.core.testing.HttpProxyServer.Fault;
import io.jenkins.plugins.gitops.core.testing.RecordingListener;
import io.jenkins.plugins.gitops.core.testing.TestRepos;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A C git server whose answers stall on the way (a proxy that holds them after their first bytes): the commit ends by
 * the network timeout, names the server and the phase, and pushes nothing. (The cause JGit gives for a 401 cut before
 * its {@code WWW-Authenticate} header, "authentication not supported", is still JGit's.)
 */
public class StalledGitServerTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void aStalledRefAdvertisementEndsByTheTimeoutNamingServerAndPhase() throws Exception {
        Path root = tmp.newFolder("repos").toPath();
        Path bare = TestRepos.createBare(root, "config.git", Map.of("README.md", "x\n"));
        String before = GitCli.run(bare, "rev-parse", "main").strip();
        try (HttpGitServer server = HttpGitServer.serve(new GitHttpBackendServlet(root), "bot", "pw");
                HttpProxyServer proxy = HttpProxyServer.open()) {
            proxy.fault(Fault.stallAfter("/info/refs", 100));
            CommitRequest request = CommitRequest.builder(server.url("config.git")).branch("main").message("Deploy")
                    .changes(new Manifest("apps/web.yaml", "replicas: 3\n"))
                    .credentials(new Credentials.UsernamePassword("bot", "pw"))
                    .transport(TransportOptions.DEFAULT.withTimeout(Duration.ofSeconds(2))
                            .withProxy(new HttpProxy(proxy.host(), proxy.port(), null, null, null)))
                    .build();
            Instant started = Instant.now();

            GitopsException e = assertThrows(GitopsException.class, () ->
                    new GitopsCommitter(tmp.newFolder().toPath(), d -> {}, Backoff.DEFAULT).commit(request,
                            new RecordingListener()));

            assertTrue(Duration.between(started, Instant.now()).toSeconds() < 20);
            assertThat(e.getMessage(), containsString("Fetch from " + server.url("config.git") + " failed: "));
        }
        assertEquals(before, GitCli.run(bare, "rev-parse", "main").strip());
    }
}
