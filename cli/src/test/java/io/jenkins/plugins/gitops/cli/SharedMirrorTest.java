package io.jenkins.plugins.gitops.cli;

import static org.junit.Assert.assertEquals;

import io.jenkins.plugins.gitops.core.testing.GitCli;
import io.jenkins.plugins.gitops.core.testing.GitHttpBackendServlet;
import io.jenkins.plugins.gitops.core.testing.HttpGitServer;
import io.jenkins.plugins.gitops.core.testing.TestRepos;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Waits started together on one machine share the branch's mirror: the first fetches, and the others find the commit
 * there instead of fetching one after another behind the mirror's lock (twenty waits started 12 to 25 s late).
 */
public class SharedMirrorTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void aCommitAnotherWaitJustFetchedIsFoundWithoutFetchingAgain() throws Exception {
        Path root = tmp.newFolder("repos").toPath();
        Path bare = TestRepos.createBare(root, "config.git", Map.of("README.md", "x\n"));
        String head = GitCli.run(bare, "rev-parse", "main").strip();
        GitHttpBackendServlet git = new GitHttpBackendServlet(root);
        AtomicInteger fetches = new AtomicInteger();
        HttpServlet counting = new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                if (req.getRequestURI().endsWith("/info/refs")
                        && "service=git-upload-pack".equals(req.getQueryString())) {
                    fetches.incrementAndGet();
                }
                try {
                    git.service(req, resp);
                } catch (jakarta.servlet.ServletException e) {
                    throw new IOException(e);
                }
            }
        };
        Path cache = tmp.newFolder("cache").toPath();
        try (HttpGitServer server = HttpGitServer.serve(counting, "bot", "pw")) {
            Map<String, String> env = Map.of("GITOPS_USERNAME", "bot", "GITOPS_PASSWORD", "pw");
            for (int wait = 0; wait < 3; wait++) {
                ConfigRepoOptions options = new ConfigRepoOptions();
                options.repo = server.url("config.git");
                options.branch = "main";
                options.commit = head;
                options.cacheDir = cache;
                try (TrackedCommit tracked = options.open(env)) {
                    assertEquals(head, tracked.commit().sha());
                }
            }
        }
        assertEquals("only the first wait fetched", 1, fetches.get());
    }
}
