package io.jenkins.plugins.gitops.core.git;

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
import java.util.Map;
import java.util.Random;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Faults between the engine and a C git server ({@code git http-backend}), made by a proxy in the middle: every
 * commit ends by its deadline whatever the server does, says in one line which server, which phase and what
 * happened, pushes nothing half, and leaves the branch as it was.
 */
public class NetworkFaultTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private HttpGitServer server;
    private HttpProxyServer proxy;
    private Path bare;
    private String before;

    @Before
    public void start() throws Exception {
        Path root = tmp.newFolder("repos").toPath();
        bare = TestRepos.createBare(root, "config.git", Map.of("README.md", "x\n", "apps/web.yaml", "replicas: 1\n"));
        before = GitCli.run(bare, "rev-parse", "main").strip();
        server = HttpGitServer.serve(new GitHttpBackendServlet(root), "bot", "pw");
        proxy = HttpProxyServer.open();
    }

    @After
    public void stop() throws Exception {
        proxy.close();
        server.close();
    }

    private CommitRequest request(String text, Duration maxDuration) {
        return CommitRequest.builder(server.url("config.git")).branch("main").message("Deploy")
                .changes(new Manifest("apps/web.yaml", text)).maxDuration(maxDuration)
                .credentials(new Credentials.UsernamePassword("bot", "pw"))
                .transport(TransportOptions.DEFAULT.withTimeout(Duration.ofSeconds(60))
                        .withProxy(new HttpProxy(proxy.host(), proxy.port(), null, null, null)))
                .build();
    }

    private GitopsException fails(CommitRequest request, Duration within) throws Exception {
        long started = System.nanoTime();
        GitopsException e = assertThrows(GitopsException.class, () ->
                new GitopsCommitter(tmp.newFolder().toPath(), d -> {}, Backoff.DEFAULT).commit(request,
                        new RecordingListener()));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue("took " + took + ": " + e.getMessage(), took.compareTo(within) < 0);
        assertEquals(before, GitCli.run(bare, "rev-parse", "main").strip());
        assertTrue(e.getMessage(), !e.getMessage().contains("org.eclipse.jgit") && !e.getMessage().contains("\n"));
        return e;
    }

    @Test
    public void aServerThatDripsItsAnswerIsLeftAtTheDeadline() throws Exception {
        proxy.fault(Fault.dripAfter("/info/refs", 60, Duration.ofMillis(500)));
        GitopsException e = fails(request("replicas: 2\n", Duration.ofSeconds(3)), Duration.ofSeconds(10));
        assertEquals(e.getMessage(), "Gave up on " + server.url("config.git") + " main after 3 s: the fetch did not"
                + " finish by the commit's deadline (the server stopped answering, or answered too slowly); nothing"
                + " was pushed", e.getMessage());
    }

    @Test
    public void anUploadThatStallsIsLeftAtTheDeadline() throws Exception {
        byte[] noise = new byte[6 * 1024 * 1024];
        new Random(7).nextBytes(noise);
        String big = "data: " + java.util.Base64.getEncoder().encodeToString(noise) + "\n";
        proxy.fault(Fault.stallUploadAfter("git-receive-pack", 1024));
        GitopsException e = fails(request(big, Duration.ofSeconds(6)), Duration.ofSeconds(25));
        assertTrue(e.getMessage(), e.getMessage().startsWith("Gave up on " + server.url("config.git") + " main after"));
        assertTrue(e.getMessage(), e.getMessage().contains("the push did not finish by the commit's deadline"));
    }

    @Test
    public void aCutRefAdvertisementSaysSo() throws Exception {
        proxy.fault(Fault.cutAfter("/info/refs", 200));
        GitopsException e = fails(request("replicas: 2\n", Duration.ofSeconds(30)), Duration.ofSeconds(20));
        assertEquals("Fetch from " + server.url("config.git") + " failed: the server's answer to the ref advertisement"
                + " was not git's smart HTTP (content type missing): cut short on the way, or not a git server",
                e.getMessage());
    }

    @Test
    public void aServerThatDoesNotAnswerInTimeSaysTheTimeout() throws Exception {
        proxy.fault(Fault.stallAfter("/info/refs", 0));
        CommitRequest request = CommitRequest.builder(server.url("config.git")).branch("main").message("Deploy")
                .changes(new Manifest("apps/web.yaml", "replicas: 2\n"))
                .credentials(new Credentials.UsernamePassword("bot", "pw"))
                .transport(TransportOptions.DEFAULT.withTimeout(Duration.ofSeconds(1))
                        .withProxy(new HttpProxy(proxy.host(), proxy.port(), null, null, null)))
                .build();
        GitopsException e = fails(request, Duration.ofSeconds(15));
        assertEquals("Fetch from " + server.url("config.git") + " failed: the server did not answer within the network"
                + " timeout of 1 s", e.getMessage());
    }

    @Test
    public void aCutPackDownloadSaysSo() throws Exception {
        proxy.fault(Fault.cutAfter("config.git/git-upload-pack", 300));
        GitopsException e = fails(request("replicas: 2\n", Duration.ofSeconds(30)), Duration.ofSeconds(20));
        assertEquals("Fetch from " + server.url("config.git") + " failed: the connection was cut in the middle of the"
                + " exchange", e.getMessage());
    }

    @Test
    public void aCutPackUploadSaysSo() throws Exception {
        byte[] noise = new byte[256 * 1024];
        new Random(8).nextBytes(noise);
        proxy.fault(Fault.cutUploadAfter("git-receive-pack", 2000));
        GitopsException e = fails(request("data: " + java.util.Base64.getEncoder().encodeToString(noise) + "\n",
                Duration.ofSeconds(30)), Duration.ofSeconds(20));
        assertEquals("Push to " + server.url("config.git") + " main failed: the connection was cut in the middle of"
                + " the exchange", e.getMessage());
    }
}
