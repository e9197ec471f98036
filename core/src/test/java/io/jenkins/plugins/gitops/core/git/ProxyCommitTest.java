package io.jenkins.plugins.gitops.core.git;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.not;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.gitops.core.change.Manifest;
import io.jenkins.plugins.gitops.core.net.HttpProxy;
import io.jenkins.plugins.gitops.core.testing.ClosedPort;
import io.jenkins.plugins.gitops.core.testing.GitCli;
import io.jenkins.plugins.gitops.core.testing.GitHttpBackendServlet;
import io.jenkins.plugins.gitops.core.testing.HttpGitServer;
import io.jenkins.plugins.gitops.core.testing.HttpProxyServer;
import io.jenkins.plugins.gitops.core.testing.RecordingListener;
import io.jenkins.plugins.gitops.core.testing.TestRepos;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Git over HTTP through the proxy Jenkins is configured with (JGit alone would ask the JVM's proxy selector), against
 * JGit's server and C git's {@code http-backend}, each checked with the git CLI.
 */
public class ProxyCommitTest {
    @ClassRule
    public static TemporaryFolder tmp = new TemporaryFolder();

    private static final String USER = "ci";
    private static final String PASSWORD = "git-pa55";
    private static final String PROXY_PASSWORD = "pr0xy-Secret-77";
    private static Path root;
    private static HttpGitServer jgit;
    private static HttpGitServer cgit;
    private static int names;

    @BeforeClass
    public static void startServers() throws Exception {
        root = tmp.newFolder("repos").toPath();
        jgit = HttpGitServer.start(root, USER, PASSWORD);
        cgit = HttpGitServer.serve(new GitHttpBackendServlet(root), USER, PASSWORD);
    }

    @AfterClass
    public static void stopServers() throws Exception {
        jgit.close();
        cgit.close();
    }

    private static synchronized String newRepo() {
        String name = "p" + (++names) + ".git";
        TestRepos.createBare(root, name, Map.of("apps/shop/deploy.yaml", "image: shop:1.0\n"));
        return name;
    }

    private CommitResult commit(HttpGitServer server, String repo, HttpProxy proxy, RecordingListener log)
            throws Exception {
        CommitRequest request = CommitRequest.builder(server.url(repo)).branch("main").message("Deploy shop 1.1")
                .changes(new Manifest("apps/shop/deploy.yaml", "image: shop:1.1\n"))
                .credentials(new Credentials.UsernamePassword(USER, PASSWORD))
                .author(new Identity("Jenkins", "jenkins@example.com"))
                .transport(TransportOptions.DEFAULT.withProxy(proxy))
                .build();
        return new GitopsCommitter(tmp.newFolder().toPath(), d -> {}, Backoff.DEFAULT).commit(request, log);
    }

    private void assertPushedThrough(HttpGitServer server, HttpProxyServer proxy) throws Exception {
        String repo = newRepo();
        RecordingListener log = new RecordingListener();
        CommitResult result = commit(server, repo, new HttpProxy(proxy.host(), proxy.port(), null, null, null), log);

        assertEquals(GitCli.run(root.resolve(repo), "rev-parse", "main").strip(), result.commit());
        assertEquals("image: shop:1.1\n", TestRepos.show(root.resolve(repo), "main", "apps/shop/deploy.yaml"));
        List<String> seen = proxy.requests();
        String base = server.url(repo);
        assertTrue(seen.toString(), seen.contains("GET " + base + "/info/refs?service=git-upload-pack"));
        assertTrue(seen.toString(), seen.contains("POST " + base + "/git-receive-pack"));
    }

    @Test
    public void jgitServerThroughTheProxy() throws Exception {
        try (HttpProxyServer proxy = HttpProxyServer.open()) {
            assertPushedThrough(jgit, proxy);
        }
    }

    @Test
    public void cGitHttpBackendThroughTheProxy() throws Exception {
        try (HttpProxyServer proxy = HttpProxyServer.open()) {
            assertPushedThrough(cgit, proxy);
        }
    }

    @Test
    public void aProxyThatWantsAPasswordGetsItAndNeverShowsIt() throws Exception {
        try (HttpProxyServer proxy = HttpProxyServer.withUser("jenkins", PROXY_PASSWORD)) {
            String repo = newRepo();
            RecordingListener log = new RecordingListener();
            CommitResult result = commit(cgit, repo, new HttpProxy(proxy.host(), proxy.port(), "jenkins",
                    PROXY_PASSWORD, null), log);

            assertTrue(result.changed());
            assertEquals(List.of(), proxy.refused());
            assertEquals("image: shop:1.1\n", TestRepos.show(root.resolve(repo), "main", "apps/shop/deploy.yaml"));
            assertThat(log.all(), not(containsString(PROXY_PASSWORD)));
        }
    }

    @Test
    public void noProxyHostsGoDirect() throws Exception {
        try (HttpProxyServer proxy = HttpProxyServer.open()) {
            String repo = newRepo();
            commit(jgit, repo, new HttpProxy(proxy.host(), proxy.port(), null, null, "localhost, 127.0.0.*"),
                    new RecordingListener());

            assertEquals("image: shop:1.1\n", TestRepos.show(root.resolve(repo), "main", "apps/shop/deploy.yaml"));
            assertEquals(List.of(), proxy.requests());
        }
    }

    @Test
    public void anUnreachableProxyIsNamedAndNothingIsPushed() throws Exception {
        int closedPort = ClosedPort.get();
        String repo = newRepo();
        String before = GitCli.run(root.resolve(repo), "rev-parse", "main").strip();

        GitopsException e = assertThrows(GitopsException.class, () -> commit(jgit, repo,
                new HttpProxy("127.0.0.1", closedPort, "jenkins", PROXY_PASSWORD, null), new RecordingListener()));

        assertThat(e.getMessage(), containsString("through the HTTP proxy 127.0.0.1:" + closedPort));
        assertThat(e.getMessage(), not(containsString(PROXY_PASSWORD)));
        assertEquals(before, GitCli.run(root.resolve(repo), "rev-parse", "main").strip());
        assertFalse(e.getMessage().contains(PASSWORD));
    }
}
