package io.jenkins.plugins.gitops.core.git;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import io.jenkins.plugins.gitops.core.testing.GitCli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class SourceCommitsTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void readsAuthorDateAndMessageFromTheCheckout() throws Exception {
        Path app = tmp.newFolder("app").toPath();
        GitCli.run(app, "init", "-q", "-b", "main");
        Files.writeString(app.resolve("Dockerfile"), "FROM scratch\n");
        GitCli.run(app, "add", ".");
        GitCli.run(app, "commit", "-q",
                "--date=2026-08-23T10:14:31+02:00", "-m", "Faster checkout\n\nCaches the cart.");
        String sha = GitCli.run(app, "rev-parse", "HEAD").strip();
        Files.createDirectories(app.resolve("k8s"));

        SourceCommit s = SourceCommits.read(app.resolve("k8s"), "https://git.example.com/shop/web.git", sha.substring(0, 10));

        String author = GitCli.run(app, "show", "-s", "--format=%an <%ae>", sha).strip();
        assertEquals(new SourceCommit("https://git.example.com/shop/web.git", sha, author,
                "2026-08-23T10:14:31+02:00", "Faster checkout", "Caches the cart."), s);
        assertEquals(GitCli.run(app, "show", "-s", "--format=%aI", sha).strip(), s.date());
    }

    @Test
    public void outsideACheckoutOnlyTheShaIsKnown() throws Exception {
        String sha = "9b1c4e0a9b1c4e0a9b1c4e0a9b1c4e0a9b1c4e0a";
        assertEquals(new SourceCommit(null, sha, null, null, null, null), SourceCommits.read(tmp.newFolder().toPath(), null, sha));
        assertNull(SourceCommits.read(tmp.getRoot().toPath(), "u", " "));
    }

    @Test
    public void rejectsWhatIsNotASha() {
        GitopsException e = assertThrows(GitopsException.class, () -> SourceCommits.read(tmp.getRoot().toPath(), null, "main; rm -rf"));
        assertEquals("Source commit 'main; rm -rf' is not a commit SHA", e.getMessage());
    }
}
